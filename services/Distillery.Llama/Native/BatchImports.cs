using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>Batch allocation (llama.h: <c>llama_batch_init</c>, <c>llama_batch_free</c>).</summary>
internal static partial class BatchImports
{
    /// <summary>
    /// Allocates arrays for <paramref name="tokens"/> entries (token ids when <paramref name="embeddingSize"/>
    /// is 0), each with room for <paramref name="maxSequencesPerToken"/> sequence ids; all uninitialised.
    /// </summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial LlamaBatchNative llama_batch_init(int tokens, int embeddingSize, int maxSequencesPerToken);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_batch_free(LlamaBatchNative batch);
}
