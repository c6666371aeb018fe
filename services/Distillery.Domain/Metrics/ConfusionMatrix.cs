namespace Distillery.Domain.Metrics;

/// <summary>
/// Counts of items by true label (row) and predicted label (column), in label-set order, with
/// the scores derived from them. A score whose denominator is zero (precision of a label never
/// predicted, recall of a label never true) is 0.0, scikit-learn's default, so that averages stay
/// defined and match the reference implementation.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] _counts;
    private readonly int[] _truthTotals;
    private readonly int[] _predictedTotals;

    internal ConfusionMatrix(LabelSet labels, int[] counts, int total)
    {
        Labels = labels;
        _counts = counts;
        Total = total;
        _truthTotals = new int[labels.Count];
        _predictedTotals = new int[labels.Count];
        for (var truth = 0; truth < labels.Count; truth++)
        {
            for (var predicted = 0; predicted < labels.Count; predicted++)
            {
                var count = counts[(truth * labels.Count) + predicted];
                _truthTotals[truth] += count;
                _predictedTotals[predicted] += count;
            }
        }
    }

    /// <summary>Errors when the lists are empty, differ in length, or hold a label outside <paramref name="labels"/> (named in the message).</summary>
    public static ConfusionMatrix From(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, LabelSet labels) =>
        EncodedPredictions.From(truth, predicted, labels).Confusion();

    public LabelSet Labels { get; }

    /// <summary>How many items were counted.</summary>
    public int Total { get; }

    /// <summary>Items whose true label is <c>Labels[truthIndex]</c> and predicted label <c>Labels[predictedIndex]</c>.</summary>
    public int this[int truthIndex, int predictedIndex]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(truthIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(truthIndex, Labels.Count);
            ArgumentOutOfRangeException.ThrowIfNegative(predictedIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predictedIndex, Labels.Count);
            return _counts[(truthIndex * Labels.Count) + predictedIndex];
        }
    }

    /// <summary>The share of items on the diagonal.</summary>
    public double Accuracy
    {
        get
        {
            var correct = 0;
            for (var label = 0; label < Labels.Count; label++)
            {
                correct += TruePositives(label);
            }

            return (double)correct / Total;
        }
    }

    /// <summary>Scores of each label in label-set order.</summary>
    public IReadOnlyList<LabelScores> PerLabel
    {
        get
        {
            var scores = new LabelScores[Labels.Count];
            for (var label = 0; label < scores.Length; label++)
            {
                scores[label] = ScoresAt(label);
            }

            return scores;
        }
    }

    /// <summary>Unweighted mean over all labels of the set, absent ones included (scikit-learn's <c>average="macro"</c>).</summary>
    public AveragedScores MacroAverage
    {
        get
        {
            double precision = 0, recall = 0, f1 = 0;
            for (var label = 0; label < Labels.Count; label++)
            {
                precision += Precision(label);
                recall += Recall(label);
                f1 += F1(label);
            }

            return new AveragedScores(precision / Labels.Count, recall / Labels.Count, f1 / Labels.Count);
        }
    }

    /// <summary>Mean over labels weighted by support (scikit-learn's <c>average="weighted"</c>).</summary>
    public AveragedScores WeightedAverage
    {
        get
        {
            double precision = 0, recall = 0, f1 = 0;
            for (var label = 0; label < Labels.Count; label++)
            {
                var support = _truthTotals[label];
                precision += support * Precision(label);
                recall += support * Recall(label);
                f1 += support * F1(label);
            }

            return new AveragedScores(precision / Total, recall / Total, f1 / Total);
        }
    }

    /// <summary>Scores of one label against the rest; an error naming the label when it is not in the set.</summary>
    public LabelScores ScoresFor(string label) => ScoresAt(Labels.IndexOf(label));

    /// <summary>
    /// Accuracy and the scores of <paramref name="positiveLabel"/>, for a task with exactly two labels
    /// (scikit-learn's <c>average="binary"</c> with <c>pos_label</c>).
    /// </summary>
    public BinaryScores Binary(string positiveLabel)
    {
        if (Labels.Count != 2)
        {
            throw new InvalidOperationException(
                $"Binary scores need exactly two labels; the label set is {Labels}. Use ScoresFor or the averages.");
        }

        var positive = Labels.IndexOf(positiveLabel);
        return new BinaryScores(positiveLabel, Accuracy, Precision(positive), Recall(positive), F1(positive));
    }

    private LabelScores ScoresAt(int label) =>
        new(Labels[label], Precision(label), Recall(label), F1(label), _truthTotals[label]);

    private int TruePositives(int label) => _counts[(label * Labels.Count) + label];

    private double Precision(int label) => Ratio(TruePositives(label), _predictedTotals[label]);

    private double Recall(int label) => Ratio(TruePositives(label), _truthTotals[label]);

    /// <summary>2·TP / (2·TP + FP + FN): the harmonic mean of precision and recall, 0 when both are 0.</summary>
    private double F1(int label) => Ratio(2 * TruePositives(label), _truthTotals[label] + _predictedTotals[label]);

    private static double Ratio(int numerator, int denominator) =>
        denominator == 0 ? 0.0 : (double)numerator / denominator;
}
