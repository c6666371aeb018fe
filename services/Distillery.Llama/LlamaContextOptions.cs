namespace Distillery.Llama;

/// <summary>How a context is made (a subset of <c>llama_context_params</c>).</summary>
public sealed record LlamaContextOptions
{
    /// <summary>Tokens the KV cache holds across all sequences; 0 takes the model's training length.</summary>
    public int ContextSize { get; init; } = 2048;

    /// <summary>The most tokens one <see cref="LlamaContext.Decode"/> may carry (<c>n_batch</c>).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>
    /// The most tokens computed in one pass (<c>n_ubatch</c>); a larger batch is split. A
    /// non-causal (BERT-style) embedding model cannot split a batch and llama.cpp aborts on one
    /// larger than this: for such models make it equal to <see cref="BatchSize"/>.
    /// </summary>
    public int MicroBatchSize { get; init; } = 512;

    /// <summary>Distinct sequences the context keeps (<c>n_seq_max</c>): sequence ids are 0 to this minus 1.</summary>
    public int SequenceCount { get; init; } = 1;

    /// <summary>
    /// CPU threads for decoding (one token and batches alike). ggml's threads wait for each other
    /// by spinning, so on cores shared with other busy processes fewer threads can be far faster:
    /// the tiny test model decoded a token in 0.25 ms on one thread and 180 ms on two, on a
    /// two-core machine under a load of 14.
    /// </summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Compute embeddings (with <see cref="Pooling"/>) as well as logits.</summary>
    public bool Embeddings { get; init; }

    public LlamaPooling Pooling { get; init; } = LlamaPooling.Unspecified;

    /// <summary>
    /// One KV buffer shared by all sequences (<c>kv_unified</c>). Needed to copy part of a sequence
    /// into another (prompt-prefix reuse); separate buffers only copy whole sequences.
    /// </summary>
    public bool UnifiedKvCache { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ContextSize, nameof(ContextSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MicroBatchSize, nameof(MicroBatchSize));
        // llama.cpp's own limit (LLAMA_MAX_SEQ).
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SequenceCount, nameof(SequenceCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SequenceCount, 256, nameof(SequenceCount));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threads, nameof(Threads));
    }
}
