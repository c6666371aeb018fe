using Distillery.Llama.Native;

namespace Distillery.Llama;

/// <summary>
/// The tokens for one <see cref="LlamaContext.Decode"/>: each with its position, the sequences
/// it belongs to, and whether its logits (or embedding) are wanted. A fixed capacity allocated
/// once (<c>llama_batch_init</c>) and reused: <see cref="Clear"/> between decodes. Every write
/// is checked against that capacity, since the native arrays have no bounds of their own.
/// </summary>
public sealed unsafe class LlamaBatch : IDisposable
{
    private readonly SafeLlamaBatchHandle _handle;

    public LlamaBatch(int capacity, int maxSequencesPerToken = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSequencesPerToken);
        LlamaBackend.EnsureInitialized();
        Capacity = capacity;
        MaxSequencesPerToken = maxSequencesPerToken;
        _handle = SafeLlamaBatchHandle.Allocate(capacity, maxSequencesPerToken);
    }

    public int Capacity { get; }

    public int MaxSequencesPerToken { get; }

    /// <summary>Tokens added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>How many tokens asked for their logits.</summary>
    public int OutputCount { get; private set; }

    /// <summary>The highest sequence id of the tokens added (-1 when empty), for the context to check against its own.</summary>
    public int MaxSequenceId { get; private set; } = -1;

    /// <summary>Adds a token of one sequence.</summary>
    public void Add(int token, int position, int sequenceId, bool logits) =>
        Add(token, position, [sequenceId], logits);

    /// <summary>
    /// Adds a token at <paramref name="position"/> shared by <paramref name="sequenceIds"/> (a
    /// common prompt prefix decoded once for several sequences); <paramref name="logits"/> asks
    /// for its output.
    /// </summary>
    public void Add(int token, int position, ReadOnlySpan<int> sequenceIds, bool logits)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"the batch is full ({Capacity} tokens)");
        }

        if (sequenceIds.IsEmpty || sequenceIds.Length > MaxSequencesPerToken)
        {
            throw new ArgumentException(
                $"a token belongs to 1 to {MaxSequencesPerToken} sequences in this batch, not {sequenceIds.Length}", nameof(sequenceIds));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(position);
        foreach (var sequenceId in sequenceIds)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(sequenceId, nameof(sequenceIds));
            MaxSequenceId = Math.Max(MaxSequenceId, sequenceId);
        }

        using var lease = new HandleLease(_handle);
        var batch = _handle.Batch;
        ((int*)batch->Token)[Count] = token;
        ((int*)batch->Pos)[Count] = position;
        ((int*)batch->NSeqId)[Count] = sequenceIds.Length;
        var ids = ((int**)batch->SeqId)[Count];
        sequenceIds.CopyTo(new Span<int>(ids, sequenceIds.Length));
        ((sbyte*)batch->Logits)[Count] = logits ? (sbyte)1 : (sbyte)0;
        Count++;
        if (logits)
        {
            OutputCount++;
        }
    }

    public void Clear()
    {
        Count = 0;
        OutputCount = 0;
        MaxSequenceId = -1;
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>The batch to pass by value to <c>llama_decode</c>, its token count set; the caller holds a lease on <see cref="Handle"/> while it is used.</summary>
    internal LlamaBatchNative ToNative()
    {
        var batch = *_handle.Batch;
        batch.NTokens = Count;
        return batch;
    }

    internal SafeLlamaBatchHandle Handle => _handle;
}
