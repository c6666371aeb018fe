using Distillery.Domain.Metrics;

namespace Distillery.Training.Students;

/// <summary>
/// Texts with their training targets: a probability per label for each text. Hard labels are
/// one-hot targets; soft labels are the teacher's probabilities, which is what knowledge
/// distillation trains on. Construction checks everything a student relies on, naming the task.
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(string task, IReadOnlyList<string> texts, double[][] targets, LabelSet labels)
    {
        Task = task;
        Texts = texts;
        Targets = targets;
        Labels = labels;
    }

    public string Task { get; }

    public IReadOnlyList<string> Texts { get; }

    /// <summary>Per text, a probability per label in <see cref="Labels"/> order.</summary>
    public double[][] Targets { get; }

    public LabelSet Labels { get; }

    public int Count => Texts.Count;

    public static TrainingSet FromHardLabels(string task, IReadOnlyList<string> texts, IReadOnlyList<string> labels, LabelSet labelSet)
    {
        if (texts.Count != labels.Count)
        {
            throw new ArgumentException($"task '{task}': {texts.Count} texts but {labels.Count} labels");
        }

        var targets = new double[texts.Count][];
        for (var i = 0; i < labels.Count; i++)
        {
            if (!labelSet.Contains(labels[i]))
            {
                throw new StudentTrainingException($"task '{task}': training label '{labels[i]}' (item {i}) is not in the codebook {labelSet}");
            }

            targets[i] = new double[labelSet.Count];
            targets[i][labelSet.IndexOf(labels[i])] = 1.0;
        }

        return Checked(task, texts, targets, labelSet);
    }

    public static TrainingSet FromSoftLabels(string task, IReadOnlyList<string> texts, IReadOnlyList<IReadOnlyList<double>> probabilities, LabelSet labelSet)
    {
        if (texts.Count != probabilities.Count)
        {
            throw new ArgumentException($"task '{task}': {texts.Count} texts but {probabilities.Count} probability rows");
        }

        var targets = new double[texts.Count][];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var row = probabilities[i];
            if (row.Count != labelSet.Count || row.Any(p => p < 0 || !double.IsFinite(p)) || Math.Abs(row.Sum() - 1.0) > 1e-6)
            {
                throw new StudentTrainingException(
                    $"task '{task}': the probabilities of item {i} must be {labelSet.Count} non-negative numbers summing to 1, got [{string.Join(", ", row)}]");
            }

            targets[i] = [.. row];
        }

        return Checked(task, texts, targets, labelSet);
    }

    /// <summary>
    /// Keeps the items whose most probable label has at least <paramref name="threshold"/>
    /// probability: training only on what the teacher is sure of.
    /// </summary>
    public TrainingSet WithMinimumConfidence(double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1.0);
        var kept = Enumerable.Range(0, Count).Where(i => Targets[i].Max() >= threshold).ToList();
        return Checked(Task, [.. kept.Select(i => Texts[i])], [.. kept.Select(i => Targets[i])], Labels, $" after dropping items below confidence {threshold}");
    }

    /// <summary>The items at <paramref name="indices"/> (cross-validation folds, held-out slices).</summary>
    public TrainingSet Subset(IReadOnlyList<int> indices) =>
        new(Task, [.. indices.Select(i => Texts[i])], [.. indices.Select(i => Targets[i])], Labels);

    /// <summary>Each item's most probable label index (ties to the first), for stratification and scoring.</summary>
    public int[] HardLabels() => [.. Targets.Select(ArgMax)];

    internal static int ArgMax(double[] values)
    {
        var best = 0;
        for (var k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static TrainingSet Checked(string task, IReadOnlyList<string> texts, double[][] targets, LabelSet labels, string context = "")
    {
        if (texts.Count == 0)
        {
            throw new StudentTrainingException($"task '{task}': the training set is empty{context}");
        }

        var classes = targets.Select(ArgMax).Distinct().Count();
        if (classes < 2)
        {
            throw new StudentTrainingException(
                $"task '{task}': every training item has the label '{labels[ArgMax(targets[0])]}'{context}; a classifier needs at least two classes");
        }

        return new TrainingSet(task, texts, targets, labels);
    }
}
