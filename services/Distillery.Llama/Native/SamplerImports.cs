using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>Samplers (llama.h: "Sampling API").</summary>
internal static unsafe partial class SamplerImports
{
    [LibraryImport(LibraryNames.Llama)]
    internal static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    [LibraryImport(LibraryNames.Llama)]
    internal static partial SafeLlamaSamplerHandle llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    /// <summary>The chain takes ownership of <paramref name="sampler"/> and frees it with itself.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, nint sampler);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_sampler_chain_n(SafeLlamaSamplerHandle chain);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial nint llama_sampler_init_greedy();

    /// <summary>Divides the logits by the temperature (t &lt;= 0 keeps only the most likely token).</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial nint llama_sampler_init_temp(float temperature);

    /// <summary>Draws a token from the softmax of the candidates with its own seeded generator.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial nint llama_sampler_init_dist(uint seed);

    /// <summary>Returns NULL when the grammar does not parse (the reason goes to the log).</summary>
    [LibraryImport(LibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint llama_sampler_init_grammar(nint vocab, string grammar, string root);

    /// <summary>Samples from the idx-th output of the last decode and accepts the token.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_sampler_sample(SafeLlamaSamplerHandle sampler, SafeLlamaContextHandle context, int index);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_sampler_apply(SafeLlamaSamplerHandle sampler, LlamaTokenDataArray* candidates);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_sampler_accept(SafeLlamaSamplerHandle sampler, int token);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_sampler_reset(SafeLlamaSamplerHandle sampler);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_sampler_free(nint sampler);
}
