using System.Numerics.Tensors;
using Distillery.Inference.Engine;

namespace Distillery.Inference.Embeddings;

/// <summary>
/// One text to embed: decoded whole in an embedding step of the scheduler (the context switched
/// to embeddings with mean pooling), in a spare sequence that is dropped right after. Its result
/// is the pooled embedding scaled to unit length.
/// </summary>
internal sealed class EmbeddingWork(int[] tokens, UsageCounter usage, CancellationToken cancellationToken)
    : SequenceWork(usage, cancellationToken)
{
    private readonly TaskCompletionSource<float[]> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int[] Tokens { get; } = tokens;

    public Task<float[]> Result => _result.Task;

    public override bool NeedsSlot => false;

    public override bool IsPrompting => true;

    public override void Plan(EngineStep step)
    {
        for (var i = 0; i < Tokens.Length; i++)
        {
            // A pooled embedding needs every token as an output (llama.cpp refuses the batch otherwise).
            step.Batch.Add(Tokens[i], i, SequenceId, logits: true);
        }
    }

    public override void Consume(EngineStep step)
    {
        var embedding = step.Context.GetEmbeddings(SequenceId).ToArray();
        var norm = TensorPrimitives.Norm(embedding);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(embedding, norm, embedding);
        }

        Usage.AddEvaluated(Tokens.Length);
        Finish(() => _result.TrySetResult(embedding));
    }

    protected override void OnFailed(Exception error) => _result.TrySetFailure(error);
}
