using Distillery.Inference.Engine;

namespace Distillery.Inference.Classification;

/// <summary>
/// SCORE for one text: after its prompt (ending with the assistant's turn opened), the
/// log-likelihood of each label is the sum of its tokens' log-probabilities. The first tokens are
/// read from the prompt's last logits. A label of several tokens gets a fork of the text's
/// sequence (<c>llama_memory_seq_cp</c> of the prompt so far, which in a unified KV cache shares
/// cells rather than copying them); the prompt's last chunk is decoded in the text's sequence and
/// every fork at once, and the whole <see cref="LabelTrie"/> after it in the same step, each trie
/// token in every fork below it. The result is the labels' log-likelihoods, in label order.
/// </summary>
internal sealed class ScoreWork(PromptTokens prompt, LabelTrie labels, UsageCounter usage, CancellationToken cancellationToken)
    : PromptedWork(prompt, usage, cancellationToken)
{
    private readonly TaskCompletionSource<double[]> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int[] _nodeIndices = new int[labels.Nodes.Count];
    private int[]? _forks;

    public Task<double[]> Result => _result.Task;

    protected override int TailTokens => labels.Nodes.Count;

    /// <summary>The text's sequence and its forks, which take the prompt so far; null (wait) when the spare sequences are lent out.</summary>
    protected override int[]? EndSequences(EngineStep step)
    {
        if (labels.ForkCount == 0)
        {
            return [SequenceId];
        }

        if (step.Spare.TryRent(labels.ForkCount) is not { } forks)
        {
            return null;
        }

        _forks = forks;
        foreach (var fork in forks)
        {
            step.Context.Memory.Copy(SequenceId, fork, 0, Position);
        }

        return [SequenceId, .. forks];
    }

    protected override void PlanTail(EngineStep step, int position)
    {
        Span<int> sequences = stackalloc int[Math.Max(1, labels.ForkCount)];
        for (var i = 0; i < labels.Nodes.Count; i++)
        {
            var node = labels.Nodes[i];
            for (var j = 0; j < node.Forks.Length; j++)
            {
                sequences[j] = _forks![node.Forks[j]];
            }

            _nodeIndices[i] = step.Batch.Add(node.Token, position + node.Depth - 1, sequences[..node.Forks.Length], logits: true);
        }
    }

    protected override void OnPrompted(EngineStep step, int logitsIndex)
    {
        var scores = new double[labels.Labels.Count];
        var logits = step.Context.GetLogits(logitsIndex);
        var normaliser = LogProbabilities.LogSumExp(logits);
        for (var label = 0; label < scores.Length; label++)
        {
            scores[label] = logits[labels.Labels[label][0]] - normaliser;
        }

        for (var i = 0; i < labels.Nodes.Count; i++)
        {
            logits = step.Context.GetLogits(_nodeIndices[i]);
            normaliser = LogProbabilities.LogSumExp(logits);
            foreach (var (label, token) in labels.Nodes[i].Next)
            {
                scores[label] += logits[token] - normaliser;
            }
        }

        Usage.AddEvaluated(labels.Nodes.Count);
        Finish(() => _result.TrySetResult(scores));
    }

    protected override void PlanAnswer(EngineStep step)
    {
        // Scored in the step its prompt ended: nothing follows.
    }

    protected override void ConsumeAnswer(EngineStep step)
    {
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
}
