using Distillery.Llama.Native;

namespace Distillery.Llama;

/// <summary>
/// Sequence operations on a context's KV cache (<c>llama_memory_*</c>). Positions are ranges
/// <c>[from, to)</c> where a negative bound is open. Sequence ids are checked here because
/// llama.cpp asserts on a bad one, which would end the process.
/// </summary>
public sealed class LlamaMemory
{
    private readonly LlamaContext _context;

    internal LlamaMemory(LlamaContext context) => _context = context;

    /// <summary>Forgets every sequence.</summary>
    public void Clear()
    {
        using var lease = new HandleLease(_context.Handle);
        MemoryImports.llama_memory_clear(Pointer(), data: true);
    }

    /// <summary>
    /// Removes positions <c>[from, to)</c> of a sequence, e.g. a generated suffix to decode again.
    /// Returns false when llama.cpp cannot remove part of that sequence (removing all of it always works).
    /// </summary>
    public bool Remove(int sequenceId, int from = -1, int to = -1)
    {
        _context.EnsureSequence(sequenceId, nameof(sequenceId));
        using var lease = new HandleLease(_context.Handle);
        return MemoryImports.llama_memory_seq_rm(Pointer(), sequenceId, from, to);
    }

    /// <summary>
    /// Makes positions <c>[from, to)</c> of <paramref name="source"/> part of <paramref name="destination"/>
    /// too, so a prompt prefix decoded once serves several sequences. Without a unified KV cache
    /// only whole sequences can be copied.
    /// </summary>
    public void Copy(int source, int destination, int from = -1, int to = -1)
    {
        _context.EnsureSequence(source, nameof(source));
        _context.EnsureSequence(destination, nameof(destination));
        if (!_context.UnifiedKvCache && (from > 0 || to >= 0))
        {
            // llama.cpp asserts on a partial copy between separate buffers.
            throw new InvalidOperationException(
                "this context keeps a KV buffer per sequence, which copies only whole sequences; make it with UnifiedKvCache to copy a range");
        }

        using var lease = new HandleLease(_context.Handle);
        MemoryImports.llama_memory_seq_cp(Pointer(), source, destination, from, to);
    }

    /// <summary>Removes every sequence but <paramref name="sequenceId"/>.</summary>
    public void Keep(int sequenceId)
    {
        _context.EnsureSequence(sequenceId, nameof(sequenceId));
        using var lease = new HandleLease(_context.Handle);
        MemoryImports.llama_memory_seq_keep(Pointer(), sequenceId);
    }

    /// <summary>The highest position the sequence holds, or -1 when it is empty: the next token goes at this plus 1.</summary>
    public int MaxPosition(int sequenceId)
    {
        _context.EnsureSequence(sequenceId, nameof(sequenceId));
        using var lease = new HandleLease(_context.Handle);
        return MemoryImports.llama_memory_seq_pos_max(Pointer(), sequenceId);
    }

    /// <summary>The lowest position the sequence holds, or -1 when it is empty.</summary>
    public int MinPosition(int sequenceId)
    {
        _context.EnsureSequence(sequenceId, nameof(sequenceId));
        using var lease = new HandleLease(_context.Handle);
        return MemoryImports.llama_memory_seq_pos_min(Pointer(), sequenceId);
    }

    private nint Pointer() => ContextImports.llama_get_memory(_context.Handle);
}
