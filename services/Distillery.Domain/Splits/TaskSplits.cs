using Distillery.Domain.Data;

namespace Distillery.Domain.Splits;

/// <summary>A task's three disjoint splits, each in a seeded order that does not depend on file order.</summary>
public sealed record TaskSplits(IReadOnlyList<Document> Validation, IReadOnlyList<Document> TrainingPool, IReadOnlyList<Document> Test)
{
    public IReadOnlyList<Document> this[SplitName split] => split switch
    {
        SplitName.Validation => Validation,
        SplitName.TrainingPool => TrainingPool,
        SplitName.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, null),
    };

    /// <summary>Documents per label in a split; unlabelled documents are counted under the empty string.</summary>
    public IReadOnlyDictionary<string, int> LabelCounts(SplitName split) =>
        this[split].GroupBy(document => document.Label ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
}
