using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>
/// Sequence operations on a context's memory (llama.h: "Memory"). llama.cpp asserts (and so
/// aborts the process) on a sequence id outside <c>[0, n_seq_max)</c>: callers check first.
/// Position ranges are <c>[p0, p1)</c>, a negative bound meaning open.
/// </summary>
internal static partial class MemoryImports
{
    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_memory_clear(nint memory, [MarshalAs(UnmanagedType.U1)] bool data);

    /// <summary>False when only part of a sequence was asked for and that cannot be removed.</summary>
    [LibraryImport(LibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_seq_rm(nint memory, int sequenceId, int p0, int p1);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_memory_seq_cp(nint memory, int sourceSequenceId, int destinationSequenceId, int p0, int p1);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_memory_seq_keep(nint memory, int sequenceId);

    /// <summary>The lowest position held for the sequence, or -1 when it is empty.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_memory_seq_pos_min(nint memory, int sequenceId);

    /// <summary>The highest position held for the sequence, or -1 when it is empty.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_memory_seq_pos_max(nint memory, int sequenceId);
}
