namespace Distillery.Domain.Metrics;

/// <summary>
/// True and predicted labels of one arm on a test set, checked against the label set and stored
/// as label indexes once, so that a bootstrap can count a confusion matrix for each of thousands
/// of resamples without touching a string.
/// </summary>
public sealed class EncodedPredictions
{
    private readonly int[] _truth;
    private readonly int[] _predicted;

    private EncodedPredictions(LabelSet labels, int[] truth, int[] predicted)
    {
        Labels = labels;
        _truth = truth;
        _predicted = predicted;
    }

    /// <summary>
    /// Errors when the lists are empty or differ in length, or when a label is outside
    /// <paramref name="labels"/> (the message names the label, the list and the position).
    /// </summary>
    public static EncodedPredictions From(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(labels);
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException(
                $"The true labels ({truth.Count}) and the predicted labels ({predicted.Count}) differ in number.",
                nameof(predicted));
        }

        if (truth.Count == 0)
        {
            throw new ArgumentException("There are no labels to score.", nameof(truth));
        }

        return new EncodedPredictions(labels, labels.Encode(truth, nameof(truth)), labels.Encode(predicted, nameof(predicted)));
    }

    public LabelSet Labels { get; }

    /// <summary>How many items; resample indexes run from 0 to this, exclusive.</summary>
    public int Count => _truth.Length;

    /// <summary>The confusion matrix over every item.</summary>
    public ConfusionMatrix Confusion()
    {
        var counts = new int[Labels.Count * Labels.Count];
        for (var i = 0; i < _truth.Length; i++)
        {
            counts[(_truth[i] * Labels.Count) + _predicted[i]]++;
        }

        return new ConfusionMatrix(Labels, counts, _truth.Length);
    }

    /// <summary>
    /// The confusion matrix over the items at <paramref name="indices"/>, an item counted as often
    /// as its index occurs: the metric of one bootstrap resample.
    /// </summary>
    public ConfusionMatrix Confusion(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("A resample needs at least one item.", nameof(indices));
        }

        var counts = new int[Labels.Count * Labels.Count];
        foreach (var index in indices)
        {
            counts[(_truth[index] * Labels.Count) + _predicted[index]]++;
        }

        return new ConfusionMatrix(Labels, counts, indices.Length);
    }
}
