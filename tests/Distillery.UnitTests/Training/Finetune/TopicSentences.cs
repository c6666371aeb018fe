using Distillery.Domain.Metrics;
using Distillery.Domain.Randomness;
using Distillery.Training.Students;

namespace Distillery.UnitTests.Training.Finetune;

/// <summary>Short English sentences about sport or cooking, seeded: a task a pretrained encoder separates at once.</summary>
internal static class TopicSentences
{
    public static readonly LabelSet Labels = new(["sport", "cooking"]);

    private static readonly string[][] Subjects = [["The team", "Our striker", "The coach", "The goalkeeper", "The runner"], ["The chef", "My grandmother", "The baker", "Our cook", "The waiter"]];

    private static readonly string[][] Actions =
    [
        ["won the match", "scored a late goal", "trained before the final", "lost the tournament", "kicked the ball over the bar"],
        ["baked fresh bread", "stirred the soup", "chopped the onions", "roasted a chicken", "seasoned the sauce with garlic"],
    ];

    private static readonly string[] Endings = ["yesterday.", "this morning.", "again.", "on Sunday.", "with a smile."];

    public static TrainingSet Make(int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var texts = new List<string>();
        var labels = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var topic = i % 2;
            texts.Add($"{Subjects[topic][random.NextInt(5)]} {Actions[topic][random.NextInt(5)]} {Endings[random.NextInt(5)]}");
            labels.Add(Labels[topic]);
        }

        return TrainingSet.FromHardLabels("topics", texts, labels, Labels);
    }
}
