namespace Distillery.Inference.Engine;

/// <summary>Where a cached prefix is in its life.</summary>
internal enum PrefixState
{
    Empty,
    Evaluating,
    Ready,

    /// <summary>Its evaluation failed: the texts waiting for it evaluate the prefix themselves.</summary>
    Failed,
}

/// <summary>
/// A prompt prefix held in the KV cache under a sequence id of its own, from which texts copy it
/// (<c>llama_memory_seq_cp</c>: in a unified cache the copy shares the cells, it moves no data).
/// </summary>
internal sealed class PrefixEntry(int sequenceId)
{
    public int SequenceId { get; } = sequenceId;

    public PrefixState State { get; set; }

    public string Key { get; set; } = string.Empty;

    public int[] Tokens { get; set; } = [];

    public int Length => Tokens.Length;

    /// <summary>Texts bound to the entry that have not copied it yet: it cannot be evicted under them.</summary>
    public int Waiting { get; set; }

    /// <summary>The scheduler's step count when it was last used, for least-recently-used eviction.</summary>
    public long LastUsed { get; set; }

    public bool IsEvictable => State is PrefixState.Empty or PrefixState.Failed || (State == PrefixState.Ready && Waiting == 0);
}
