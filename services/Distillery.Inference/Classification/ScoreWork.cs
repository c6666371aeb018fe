using Distillery.Inference.Engine;

namespace Distillery.Inference.Classification;

/// <summary>
/// SCORE for one text: after its prompt (ending with the assistant's turn opened), the
/// log-likelihood of each label is the sum of its tokens' log-probabilities. The first tokens are
/// read from the prompt's last logits; longer labels then rent forks of the text's sequence
/// (<c>llama_memory_seq_cp</c> of the prompt) and the whole <see cref="LabelTrie"/> is decoded in one
/// step, every trie token in all forks below it. The result is the labels' log-likelihoods, in
/// label order.
/// </summary>
internal sealed class ScoreWork(PromptTokens prompt, LabelTrie labels, UsageCounter usage, CancellationToken cancellationToken)
    : PromptedWork(prompt, usage, cancellationToken)
{
    private readonly TaskCompletionSource<double[]> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly double[] _scores = new double[labels.Labels.Count];
    private readonly int[] _nodeIndices = new int[labels.Nodes.Count];
    private int[]? _forks;

    public Task<double[]> Result => _result.Task;

    protected override void OnPrompted(EngineStep step, int logitsIndex)
    {
        var logits = step.Context.GetLogits(logitsIndex);
        var normaliser = LogProbabilities.LogSumExp(logits);
        for (var label = 0; label < _scores.Length; label++)
        {
            _scores[label] = logits[labels.Labels[label][0]] - normaliser;
        }

        if (labels.Nodes.Count == 0)
        {
            Complete();
        }
    }

    protected override void PlanAnswer(EngineStep step)
    {
        // All of the trie in this step or none of it: wait for a step with room and free forks.
        if (labels.Nodes.Count > step.Batch.Room || step.Spare.TryRent(labels.ForkCount) is not { } forks)
        {
            return;
        }

        _forks = forks;
        foreach (var fork in forks)
        {
            step.Context.Memory.Copy(SequenceId, fork, 0, Position);
        }

        Span<int> sequences = stackalloc int[forks.Length];
        for (var i = 0; i < labels.Nodes.Count; i++)
        {
            var node = labels.Nodes[i];
            for (var j = 0; j < node.Forks.Length; j++)
            {
                sequences[j] = forks[node.Forks[j]];
            }

            _nodeIndices[i] = step.Batch.Add(node.Token, Position + node.Depth - 1, sequences[..node.Forks.Length], logits: true);
        }
    }

    protected override void ConsumeAnswer(EngineStep step)
    {
        for (var i = 0; i < labels.Nodes.Count; i++)
        {
            var logits = step.Context.GetLogits(_nodeIndices[i]);
            var normaliser = LogProbabilities.LogSumExp(logits);
            foreach (var (label, token) in labels.Nodes[i].Next)
            {
                _scores[label] += logits[token] - normaliser;
            }
        }

        Usage.AddEvaluated(labels.Nodes.Count);
        Complete();
    }

    public override void Release(EngineStep step)
    {
        base.Release(step);
        if (_forks is { } forks)
        {
            foreach (var fork in forks)
            {
                step.Context.Memory.Remove(fork);
                step.Spare.Return(fork);
            }

            _forks = null;
        }
    }

    protected override void OnFailed(Exception error) => _result.TrySetFailure(error);

    private void Complete()
    {
        var scores = (double[])_scores.Clone();
        Finish(() => _result.TrySetResult(scores));
    }
}
