using Distillery.Domain.Randomness;

namespace Distillery.Training.Students;

/// <summary>Seeded stratified k-fold assignment: each class dealt round-robin to the folds after a seeded shuffle.</summary>
internal static class StratifiedFolds
{
    public static int[] Assign(int[] labels, int folds, ulong seed)
    {
        var fold = new int[labels.Length];
        var random = DeterministicRandom.For(seed, "stratified-folds");
        var next = 0;
        foreach (var label in labels.Distinct().Order())
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToList();
            random.Shuffle(members);
            foreach (var member in members)
            {
                fold[member] = next;
                next = (next + 1) % folds;
            }
        }

        return fold;
    }
}
