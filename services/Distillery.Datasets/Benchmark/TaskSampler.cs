using Distillery.Datasets.Corpora;
using Distillery.Datasets.Text;
using Distillery.Domain.Randomness;
using Distillery.Domain.Tasks;

namespace Distillery.Datasets.Benchmark;

/// <summary>
/// Chooses a task's documents, whole source groups at a time in seeded hash order: at least
/// <see cref="MinDocuments"/>, up to three negatives per positive (a rare genre stays
/// learnable), at most <see cref="MaxDocuments"/> (so the whole suite trains in minutes on two
/// cores). One group of each class is set aside for the codebook's few-shot examples, so no
/// example text is also a document.
/// </summary>
public static class TaskSampler
{
    public const int MinDocuments = 600;
    public const int MaxDocuments = 2_400;
    public const int NegativesPerPositive = 3;
    private const int ExampleWords = 60;

    public static SampledTask Sample(BenchmarkTaskDefinition task, IReadOnlyList<SourcePassage> corpus, ulong seed)
    {
        var groups = corpus
            .Select(passage => (Passage: passage, Label: task.Label(passage)))
            .Where(item => item.Label is not null)
            .GroupBy(item => item.Passage.Group, StringComparer.Ordinal)
            // A group whose passages disagree (one body filed as both spam and ham) is ambiguous: leave it out.
            .Where(group => group.Select(item => item.Label).Distinct().Count() == 1)
            .Select(group => new Group(
                group.Key,
                group.First().Label!,
                [.. group.OrderBy(item => StableHash.Of(seed, item.Passage.Id))
                    .Take(task.MaxPassagesPerGroup)
                    .Select(item => new LabelledPassage(item.Passage, item.Label!))
                    .OrderBy(item => item.Passage.Id, StringComparer.Ordinal)]))
            .OrderBy(group => StableHash.Of(seed, group.Key))
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .ToList();

        var positives = groups.Where(group => group.Label == task.Positive.Name).ToList();
        var negatives = groups.Where(group => group.Label == task.Negative.Name).ToList();
        if (positives.Count < 4 || negatives.Count < 4)
        {
            throw new InvalidOperationException(
                $"task '{task.Name}': {positives.Count} '{task.Positive.Name}' and {negatives.Count} '{task.Negative.Name}' source groups; at least 4 of each are needed");
        }

        var examples = new[] { positives[0], negatives[0] }
            .Select(group => new FewShotExample(Excerpt(group.Passages[0].Passage.Text), group.Label))
            .ToList();
        positives.RemoveAt(0);
        negatives.RemoveAt(0);

        var positiveCount = positives.Sum(group => group.Passages.Count);
        var negativeCount = negatives.Sum(group => group.Passages.Count);
        var negativeTarget = Math.Min(negativeCount, Math.Max(MinDocuments - positiveCount, NegativesPerPositive * positiveCount));
        var positiveTarget = positiveCount;
        if (positiveTarget + negativeTarget > MaxDocuments)
        {
            positiveTarget = (int)Math.Round((double)MaxDocuments * positiveTarget / (positiveTarget + negativeTarget));
            negativeTarget = MaxDocuments - positiveTarget;
        }

        var documents = TakeGroups(positives, positiveTarget).Concat(TakeGroups(negatives, negativeTarget))
            .OrderBy(document => document.Passage.Id, StringComparer.Ordinal)
            .ToList();
        return new SampledTask(task, documents, examples);
    }

    /// <summary>Whole groups in order until the target is reached (the last group may overshoot it).</summary>
    private static IEnumerable<LabelledPassage> TakeGroups(IEnumerable<Group> groups, int target)
    {
        var taken = 0;
        foreach (var group in groups)
        {
            if (taken >= target)
            {
                yield break;
            }

            foreach (var passage in group.Passages)
            {
                yield return passage;
            }

            taken += group.Passages.Count;
        }
    }

    private static string Excerpt(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= ExampleWords ? text : string.Join(' ', words.Take(ExampleWords)) + " …";
    }

    private sealed record Group(string Key, string Label, IReadOnlyList<LabelledPassage> Passages);
}
