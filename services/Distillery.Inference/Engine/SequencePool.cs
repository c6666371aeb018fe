namespace Distillery.Inference.Engine;

/// <summary>
/// Sequence ids of the context not tied to a slot or a cached prefix: lent for a step or two to
/// the forks a label scoring decodes its continuations in, and to texts being embedded. A
/// borrower takes all it needs or nothing, so two borrowers can never each hold half of what the
/// other waits for. Used by the scheduler thread only.
/// </summary>
internal sealed class SequencePool
{
    private readonly Stack<int> _free;

    public SequencePool(int first, int count)
    {
        Capacity = count;
        _free = new Stack<int>(Enumerable.Range(first, count).Reverse());
    }

    public int Capacity { get; }

    public int Available => _free.Count;

    /// <summary><paramref name="count"/> ids, or null when fewer are free now.</summary>
    public int[]? TryRent(int count)
    {
        if (count > _free.Count)
        {
            return null;
        }

        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = _free.Pop();
        }

        return ids;
    }

    public void Return(int sequenceId) => _free.Push(sequenceId);
}
