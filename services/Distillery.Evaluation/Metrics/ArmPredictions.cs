using Distillery.Domain.Metrics;

namespace Distillery.Evaluation.Metrics;

/// <summary>
/// One arm's predictions on a task's test items, in the same order as the human labels. An
/// abstention (null) is scored as a wrong answer: for a binary task it counts as the negative
/// label, otherwise as the first label that is not the truth.
/// </summary>
public sealed class ArmPredictions
{
    public ArmPredictions(IReadOnlyList<string> truth, IReadOnlyList<string?> predicted, LabelSet labels, string? positive)
    {
        if (truth.Count != predicted.Count || truth.Count == 0)
        {
            throw new ArgumentException($"{predicted.Count} predictions for {truth.Count} test items");
        }

        Labels = labels;
        Positive = positive;
        Abstentions = predicted.Count(label => label is null);
        Scored = [.. predicted.Select((label, i) => label ?? Wrong(truth[i], labels, positive))];
        Encoded = EncodedPredictions.From(truth, Scored, labels);
    }

    public LabelSet Labels { get; }

    public string? Positive { get; }

    public int Abstentions { get; }

    public int Count => Encoded.Count;

    /// <summary>The predictions as scored: abstentions replaced by the wrong answer they count as.</summary>
    internal IReadOnlyList<string> Scored { get; }

    internal EncodedPredictions Encoded { get; }

    internal double Statistic(Func<ConfusionMatrix, string?, double> metric, ReadOnlySpan<int> items) => metric(Encoded.Confusion(items), Positive);

    internal double Statistic(Func<ConfusionMatrix, string?, double> metric) => metric(Encoded.Confusion(), Positive);

    private static string Wrong(string truth, LabelSet labels, string? positive) =>
        positive is not null && labels.Count == 2 ? labels.First(label => label != positive) : labels.First(label => label != truth);
}
