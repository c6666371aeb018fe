using Distillery.Llama;

namespace Distillery.Inference.Engine;

/// <summary>
/// The tokens one scheduler step decodes, gathered from every running sequence: a fixed-capacity
/// <see cref="LlamaBatch"/> reused from step to step, and how much room is left in it.
/// </summary>
internal sealed class StepBatch(int capacity, int maxSequencesPerToken) : IDisposable
{
    private readonly LlamaBatch _batch = new(capacity, maxSequencesPerToken);

    public int Capacity => _batch.Capacity;

    public int Count => _batch.Count;

    /// <summary>Tokens that still fit in this step.</summary>
    public int Room => _batch.Capacity - _batch.Count;

    public LlamaBatch Native => _batch;

    /// <summary>Adds a token and returns its index in the batch (where its logits are read).</summary>
    public int Add(int token, int position, int sequenceId, bool logits)
    {
        var index = _batch.Count;
        _batch.Add(token, position, sequenceId, logits);
        return index;
    }

    /// <summary>Adds a token shared by several sequences (a label prefix common to several forks).</summary>
    public int Add(int token, int position, ReadOnlySpan<int> sequenceIds, bool logits)
    {
        var index = _batch.Count;
        _batch.Add(token, position, sequenceIds, logits);
        return index;
    }

    public void Clear() => _batch.Clear();

    public void Dispose() => _batch.Dispose();
}
