using Distillery.Domain.Randomness;

namespace Distillery.Training.Students;

/// <summary>
/// A seeded stratified held-out slice, for early stopping: of each class's items (after a seeded
/// shuffle), the fraction rounded, but at least one, goes to the slice, and at least one stays
/// for training. A class with a single item keeps it for training, so the slice may lack it.
/// </summary>
internal static class StratifiedHoldout
{
    public static (int[] Train, int[] Held) Split(int[] labels, double fraction, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fraction, 1.0);
        var held = new List<int>();
        if (fraction > 0)
        {
            var random = DeterministicRandom.For(seed, "stratified-holdout");
            foreach (var label in labels.Distinct().Order())
            {
                var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToList();
                random.Shuffle(members);
                var count = members.Count < 2 ? 0 : Math.Clamp((int)Math.Round(fraction * members.Count), 1, members.Count - 1);
                held.AddRange(members.Take(count));
            }
        }

        held.Sort();
        var train = Enumerable.Range(0, labels.Length).Except(held).ToArray();
        return (train, [.. held]);
    }
}
