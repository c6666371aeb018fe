using Distillery.Llama;

namespace Distillery.Inference.Engine;

/// <summary>What a sequence's work reaches during a scheduler step: the context, this step's batch, and the spare sequence ids.</summary>
internal sealed class EngineStep(LlamaContext context, StepBatch batch, SequencePool spare)
{
    public LlamaContext Context { get; } = context;

    public StepBatch Batch { get; } = batch;

    /// <summary>Sequence ids for label forks and embeddings.</summary>
    public SequencePool Spare { get; } = spare;

    /// <summary>The most tokens a sequence may hold (prompt and answer).</summary>
    public int ContextLength { get; init; }
}
