using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>Contexts, decoding and their outputs (llama.h: context, "Decoding").</summary>
internal static unsafe partial class ContextImports
{
    [LibraryImport(LibraryNames.Llama)]
    internal static partial LlamaContextParams llama_context_default_params();

    /// <summary>Returns NULL when the context cannot be made (e.g. out of memory, bad parameters).</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial SafeLlamaContextHandle llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_free(nint context);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial uint llama_n_ctx(SafeLlamaContextHandle context);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial uint llama_n_batch(SafeLlamaContextHandle context);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial uint llama_n_ubatch(SafeLlamaContextHandle context);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial uint llama_n_seq_max(SafeLlamaContextHandle context);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial LlamaPooling llama_pooling_type(SafeLlamaContextHandle context);

    /// <summary>
    /// 0 on success; 1 no KV slot for the batch; 2 aborted; -1 invalid batch; below -1 fatal.
    /// </summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_decode(SafeLlamaContextHandle context, LlamaBatchNative batch);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_set_n_threads(SafeLlamaContextHandle context, int threads, int batchThreads);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_set_embeddings(SafeLlamaContextHandle context, [MarshalAs(UnmanagedType.U1)] bool embeddings);

    /// <summary>The vocabulary-wide logits of the i-th output of the last decode, owned by the context; NULL for an index with no output.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial float* llama_get_logits_ith(SafeLlamaContextHandle context, int index);

    /// <summary>The embedding of the i-th output of the last decode (pooling none), owned by the context; NULL otherwise.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial float* llama_get_embeddings_ith(SafeLlamaContextHandle context, int index);

    /// <summary>The pooled embedding of a sequence after the last decode, owned by the context; NULL with pooling none.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial float* llama_get_embeddings_seq(SafeLlamaContextHandle context, int sequenceId);

    /// <summary>The context's memory (KV cache), owned by the context.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial nint llama_get_memory(SafeLlamaContextHandle context);
}
