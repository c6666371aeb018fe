using Distillery.Llama.Logging;
using Distillery.Llama.Native;

namespace Distillery.Llama;

/// <summary>
/// A llama.cpp sampler chain that picks the next token from a context's logits: greedy or drawn
/// at a temperature, optionally behind a GBNF grammar, which can only produce text it admits. A grammar sampler
/// has state (how far into the grammar the text is): one per generated sequence, and
/// <see cref="Reset"/> before reusing it. Not thread safe.
/// </summary>
public sealed unsafe class LlamaSampler : IDisposable
{
    private readonly SafeLlamaSamplerHandle _handle;

    private LlamaSampler(SafeLlamaSamplerHandle handle) => _handle = handle;

    /// <summary>Always the most likely token.</summary>
    public static LlamaSampler CreateGreedy()
    {
        LlamaBackend.EnsureInitialized();
        var chain = NewChain();
        SamplerImports.llama_sampler_chain_add(chain, SamplerImports.llama_sampler_init_greedy());
        return new LlamaSampler(chain);
    }

    /// <summary>
    /// The most likely token among those <paramref name="grammar"/> (GBNF, llama.cpp's grammar
    /// format) allows next, starting from rule <paramref name="root"/>; end-of-generation only once
    /// the grammar is complete. A grammar that does not parse throws <see cref="ArgumentException"/>
    /// with llama.cpp's reason.
    /// </summary>
    public static LlamaSampler CreateGrammarConstrained(LlamaModel model, string grammar, string root = "root")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(grammar);
        return Create(model, temperature: 0f, seed: 0, grammar, root);
    }

    /// <summary>
    /// A token drawn at <paramref name="temperature"/> from the softmax of the logits, with a
    /// generator seeded by <paramref name="seed"/> (the same seed, logits and grammar draw the same
    /// tokens); a temperature of 0 is greedy. With a <paramref name="grammar"/> (GBNF, from rule
    /// <paramref name="root"/>) only tokens it allows next are candidates, as in
    /// <see cref="CreateGrammarConstrained"/>.
    /// </summary>
    public static LlamaSampler Create(LlamaModel model, float temperature, uint seed, string? grammar = null, string root = "root")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(temperature);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var chain = NewChain();
        try
        {
            if (grammar is not null)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(grammar);
                // The grammar sampler reads the model's vocabulary for as long as it lives.
                chain.DependOn(model.Handle);
                LlamaLogBridge.BeginCapture();
                var grammarSampler = SamplerImports.llama_sampler_init_grammar(model.Vocabulary.Pointer, grammar, root);
                if (grammarSampler == 0)
                {
                    var reason = LlamaLogBridge.CapturedErrors();
                    throw new ArgumentException("the grammar does not parse" + (reason.Length > 0 ? $": {reason}" : string.Empty), nameof(grammar));
                }

                SamplerImports.llama_sampler_chain_add(chain, grammarSampler);
            }

            if (temperature > 0f)
            {
                SamplerImports.llama_sampler_chain_add(chain, SamplerImports.llama_sampler_init_temp(temperature));
                SamplerImports.llama_sampler_chain_add(chain, SamplerImports.llama_sampler_init_dist(seed));
            }
            else
            {
                SamplerImports.llama_sampler_chain_add(chain, SamplerImports.llama_sampler_init_greedy());
            }

            return new LlamaSampler(chain);
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Picks a token from the logits at batch index <paramref name="index"/> of the context's last
    /// decode (-1: the last output) and advances the sampler's state past it.
    /// </summary>
    public int Sample(LlamaContext context, int index = -1)
    {
        ArgumentNullException.ThrowIfNull(context);
        // llama.cpp asserts on an index without logits: find out here, with an exception.
        _ = context.GetLogits(index);
        return SamplerImports.llama_sampler_sample(_handle, context.Handle, index);
    }

    /// <summary>
    /// Rewrites <paramref name="logits"/> (one per token id) as the chain would see them before
    /// choosing, without advancing its state: a token the chain rules out becomes negative
    /// infinity. For a grammar chain, the finite ones are what the grammar allows next.
    /// </summary>
    public void Apply(Span<float> logits)
    {
        var candidates = new LlamaTokenData[logits.Length];
        for (var id = 0; id < logits.Length; id++)
        {
            candidates[id] = new LlamaTokenData { Id = id, Logit = logits[id] };
        }

        fixed (LlamaTokenData* data = candidates)
        {
            var array = new LlamaTokenDataArray { Data = (nint)data, Size = (nuint)candidates.Length, Selected = -1 };
            SamplerImports.llama_sampler_apply(_handle, &array);
            logits.Fill(float.NegativeInfinity);
            // Samplers may reorder or shorten the candidates; what is left is written back by id.
            foreach (var candidate in new ReadOnlySpan<LlamaTokenData>(data, (int)array.Size))
            {
                logits[candidate.Id] = candidate.Logit;
            }
        }
    }

    /// <summary>Back to the start state (the beginning of the grammar).</summary>
    public void Reset() => SamplerImports.llama_sampler_reset(_handle);

    public void Dispose() => _handle.Dispose();

    private static SafeLlamaSamplerHandle NewChain()
    {
        var parameters = SamplerImports.llama_sampler_chain_default_params();
        parameters.NoPerf = true;
        var chain = SamplerImports.llama_sampler_chain_init(parameters);
        return chain.IsInvalid ? throw new LlamaException("llama_sampler_chain_init failed") : chain;
    }
}
