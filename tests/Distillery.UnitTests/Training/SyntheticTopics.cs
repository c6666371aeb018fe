using Distillery.Domain.Metrics;
using Distillery.Domain.Randomness;
using Distillery.Training.Students;

namespace Distillery.UnitTests.Training;

/// <summary>
/// A seeded two-topic text task: each text has a few words of its topic's vocabulary among
/// shared noise words. With <c>leak</c> &gt; 0 each topic word comes from the other topic's
/// vocabulary with that probability, so the classes overlap.
/// </summary>
internal static class SyntheticTopics
{
    public static readonly LabelSet Labels = new(["sport", "cooking"]);

    private static readonly string[][] Vocabularies =
    [
        [.. Enumerable.Range(0, 12).Select(i => $"match{i}")],
        [.. Enumerable.Range(0, 12).Select(i => $"recipe{i}")],
    ];

    private static readonly string[] Noise = [.. Enumerable.Range(0, 30).Select(i => $"noise{i}")];

    /// <summary><paramref name="count"/> texts, a share <paramref name="firstShare"/> of them of the first label.</summary>
    public static (List<string> Texts, List<string> Labels) Make(int count, ulong seed, double firstShare = 0.5, double leak = 0.0, int topicWords = 6, int noiseWords = 6)
    {
        var random = new DeterministicRandom(seed);
        var texts = new List<string>(count);
        var labels = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var label = random.NextDouble() < firstShare ? 0 : 1;
            var words = new List<string>();
            for (var w = 0; w < topicWords; w++)
            {
                var topic = random.NextDouble() < leak ? 1 - label : label;
                words.Add(Vocabularies[topic][random.NextInt(Vocabularies[topic].Length)]);
            }

            for (var w = 0; w < noiseWords; w++)
            {
                words.Add(Noise[random.NextInt(Noise.Length)]);
            }

            random.Shuffle(words);
            texts.Add(string.Join(' ', words));
            labels.Add(Labels[label]);
        }

        return (texts, labels);
    }

    public static TrainingSet Hard(int count, ulong seed, double firstShare = 0.5, double leak = 0.0)
    {
        var (texts, labels) = Make(count, seed, firstShare, leak);
        return TrainingSet.FromHardLabels("synthetic", texts, labels, Labels);
    }

    /// <summary>The same texts as <see cref="Hard"/>, each with probability <paramref name="confidence"/> on its label.</summary>
    public static TrainingSet Soft(int count, ulong seed, double confidence)
    {
        var (texts, labels) = Make(count, seed);
        var targets = labels.Select(label => (IReadOnlyList<double>)(label == Labels[0] ? [confidence, 1 - confidence] : [1 - confidence, confidence])).ToList();
        return TrainingSet.FromSoftLabels("synthetic", texts, targets, Labels);
    }

    public static double Accuracy(IReadOnlyList<string> predicted, IReadOnlyList<string> truth) =>
        predicted.Zip(truth).Count(pair => pair.First == pair.Second) / (double)truth.Count;
}
