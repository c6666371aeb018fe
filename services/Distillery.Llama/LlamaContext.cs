using Distillery.Llama.Logging;
using Distillery.Llama.Native;

namespace Distillery.Llama;

/// <summary>
/// One llama.cpp context over a model: a KV cache of <see cref="SequenceCount"/> sequences,
/// <see cref="Decode"/> of batches into it, and the logits and embeddings of the last decode.
/// Not thread safe: one thread at a time. The spans it returns point into the context's own
/// buffers and are valid until the next decode or until it is disposed.
/// </summary>
public sealed unsafe class LlamaContext : IDisposable
{
    private readonly SafeLlamaContextHandle _handle;

    private LlamaContext(LlamaModel model, SafeLlamaContextHandle handle, LlamaContextOptions options)
    {
        Model = model;
        _handle = handle;
        ContextSize = (int)ContextImports.llama_n_ctx(handle);
        BatchSize = (int)ContextImports.llama_n_batch(handle);
        MicroBatchSize = (int)ContextImports.llama_n_ubatch(handle);
        SequenceCount = (int)ContextImports.llama_n_seq_max(handle);
        Pooling = ContextImports.llama_pooling_type(handle);
        UnifiedKvCache = options.UnifiedKvCache;
        Memory = new LlamaMemory(this);
    }

    public LlamaModel Model { get; }

    /// <summary>The KV cache's size in tokens, as llama.cpp settled it.</summary>
    public int ContextSize { get; }

    /// <summary>The most tokens one <see cref="Decode"/> takes.</summary>
    public int BatchSize { get; }

    public int MicroBatchSize { get; }

    /// <summary>Sequence ids run from 0 to this minus 1.</summary>
    public int SequenceCount { get; }

    public LlamaPooling Pooling { get; }

    public bool UnifiedKvCache { get; }

    /// <summary>The KV cache's sequence operations.</summary>
    public LlamaMemory Memory { get; }

    internal SafeLlamaContextHandle Handle => _handle;

    internal static LlamaContext Create(LlamaModel model, LlamaContextOptions options)
    {
        options.Validate();
        var parameters = ContextImports.llama_context_default_params();
        parameters.NCtx = (uint)options.ContextSize;
        parameters.NBatch = (uint)options.BatchSize;
        parameters.NUbatch = (uint)options.MicroBatchSize;
        parameters.NSeqMax = (uint)options.SequenceCount;
        parameters.NThreads = options.Threads;
        parameters.NThreadsBatch = options.Threads;
        parameters.Embeddings = options.Embeddings;
        parameters.PoolingType = options.Pooling;
        parameters.KvUnified = options.UnifiedKvCache;
        // Timings are ours to take (OpenTelemetry), not llama.cpp's.
        parameters.NoPerf = true;

        LlamaLogBridge.BeginCapture();
        var handle = ContextImports.llama_init_from_model(model.Handle, parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            var reason = LlamaLogBridge.CapturedErrors();
            throw new LlamaException(
                $"llama.cpp could not create a context for '{model.Path}' ({options})" + (reason.Length > 0 ? $": {reason}" : string.Empty));
        }

        handle.DependOn(model.Handle);
        return new LlamaContext(model, handle, options);
    }

    /// <summary>
    /// Runs the model over <paramref name="batch"/>, adding its tokens to their sequences in the KV
    /// cache. Throws <see cref="LlamaDecodeException"/> when llama.cpp refuses it (see its
    /// <see cref="LlamaDecodeException.Status"/>); a full cache is <see cref="LlamaDecodeException.IsCacheFull"/>.
    /// </summary>
    public void Decode(LlamaBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("the batch is empty", nameof(batch));
        }

        // llama.cpp asserts (aborting the process) on a batch larger than n_batch.
        if (batch.Count > BatchSize)
        {
            throw new ArgumentException($"the batch holds {batch.Count} tokens; this context decodes at most {BatchSize} at once", nameof(batch));
        }

        // With a unified KV cache llama.cpp takes any id below its own limit of 256, whatever the
        // context was made for; the binding holds every caller to the sequences it asked for.
        if (batch.MaxSequenceId >= SequenceCount)
        {
            throw new ArgumentException(
                $"the batch uses sequence {batch.MaxSequenceId}; sequence ids of this context run from 0 to {SequenceCount - 1}", nameof(batch));
        }

        using var lease = new HandleLease(batch.Handle);
        LlamaLogBridge.BeginCapture();
        var status = ContextImports.llama_decode(_handle, batch.ToNative());
        if (status != 0)
        {
            var reason = LlamaLogBridge.CapturedErrors();
            throw new LlamaDecodeException(
                $"llama_decode returned {status} for a batch of {batch.Count} tokens" + (reason.Length > 0 ? $": {reason}" : string.Empty))
            { Status = status };
        }
    }

    /// <summary>
    /// The logits over the vocabulary for the token at batch index <paramref name="index"/> of the
    /// last decode (-1: the last token that asked for logits). Throws when that token did not ask.
    /// </summary>
    public ReadOnlySpan<float> GetLogits(int index)
    {
        var logits = ContextImports.llama_get_logits_ith(_handle, index);
        if (logits is null)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "the last decode produced no logits for this batch index");
        }

        return new ReadOnlySpan<float>(logits, Model.Vocabulary.Count);
    }

    /// <summary>The pooled embedding of a sequence after the last decode (a context made with embeddings and a pooling).</summary>
    public ReadOnlySpan<float> GetEmbeddings(int sequenceId)
    {
        EnsureSequence(sequenceId, nameof(sequenceId));
        var embedding = ContextImports.llama_get_embeddings_seq(_handle, sequenceId);
        if (embedding is null)
        {
            throw new InvalidOperationException(
                $"no pooled embedding for sequence {sequenceId}: the context needs embeddings on, a pooling other than none, and the sequence in the last decode");
        }

        return new ReadOnlySpan<float>(embedding, Model.EmbeddingOutputSize);
    }

    /// <summary>The embedding of the token at batch index <paramref name="index"/> of the last decode (a context with embeddings and no pooling).</summary>
    public ReadOnlySpan<float> GetTokenEmbeddings(int index)
    {
        var embedding = ContextImports.llama_get_embeddings_ith(_handle, index);
        if (embedding is null)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "the last decode produced no token embedding for this batch index");
        }

        return new ReadOnlySpan<float>(embedding, Model.EmbeddingOutputSize);
    }

    /// <summary>Turns embedding output on or off for later decodes (a generative context can switch to embedding and back).</summary>
    public void SetEmbeddings(bool enabled) => ContextImports.llama_set_embeddings(_handle, enabled);

    public void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ContextImports.llama_set_n_threads(_handle, threads, threads);
    }

    public void Dispose() => _handle.Dispose();

    internal void EnsureSequence(int sequenceId, string parameterName)
    {
        if ((uint)sequenceId >= (uint)SequenceCount)
        {
            throw new ArgumentOutOfRangeException(parameterName, sequenceId, $"sequence ids of this context run from 0 to {SequenceCount - 1}");
        }
    }
}
