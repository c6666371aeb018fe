using Distillery.Domain.Randomness;

namespace Distillery.UnitTests.Training;

/// <summary>A seeded two-class text task: each class draws from its own words, both share noise words.</summary>
internal static class SyntheticTexts
{
    private static readonly string[] Sport = ["match", "goal", "team", "coach", "season", "league", "striker", "score"];
    private static readonly string[] Money = ["bank", "loan", "market", "shares", "profit", "interest", "budget", "fund"];
    private static readonly string[] Noise = ["the", "today", "report", "people", "new", "said", "week", "city"];

    public static (List<string> Texts, List<string> Labels) Make(int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var texts = new List<string>();
        var labels = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var sport = i % 2 == 0;
            var words = Enumerable.Range(0, 12).Select(_ => random.NextDouble() < 0.5
                ? (sport ? Sport : Money)[random.NextInt(8)]
                : Noise[random.NextInt(8)]);
            texts.Add(string.Join(' ', words));
            labels.Add(sport ? "sport" : "money");
        }

        return (texts, labels);
    }
}
