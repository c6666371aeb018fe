using Distillery.Domain.Randomness;

namespace Distillery.UnitTests.Metrics;

/// <summary>
/// Seeded label vectors for the comparisons with scikit-learn: true labels drawn from
/// <c>occurring</c>, and predictions that copy the truth with probability <c>agreement</c> when
/// the truth is predictable, otherwise draw from <c>predictable</c>. Restricting either list
/// makes classes that never occur or are never predicted.
/// </summary>
internal sealed record RandomLabels(string Name, string[] Labels, string[] Truth, string[] Predicted)
{
    public static RandomLabels Draw(
        string name,
        ulong seed,
        string[] labels,
        int count,
        double agreement,
        string[]? occurring = null,
        string[]? predictable = null)
    {
        occurring ??= labels;
        predictable ??= labels;
        var random = DeterministicRandom.For(seed, name);
        var truth = new string[count];
        var predicted = new string[count];
        for (var i = 0; i < count; i++)
        {
            truth[i] = occurring[random.NextInt(occurring.Length)];
            predicted[i] = random.NextDouble() < agreement && predictable.Contains(truth[i])
                ? truth[i]
                : predictable[random.NextInt(predictable.Length)];
        }

        return new RandomLabels(name, labels, truth, predicted);
    }

    /// <summary>Another arm's predictions on the same truth, for paired comparisons.</summary>
    public string[] OtherArm(ulong seed, double agreement)
    {
        var random = DeterministicRandom.For(seed, Name + "/other arm");
        return [.. Truth.Select(truth => random.NextDouble() < agreement ? truth : Labels[random.NextInt(Labels.Length)])];
    }
}
