using Distillery.Training.Students;

namespace Distillery.UnitTests.Training;

public sealed class StratifiedHoldoutTests
{
    private static readonly int[] Labels = [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 8), .. Enumerable.Repeat(2, 3), 3];

    [Fact]
    public void Holds_out_the_fraction_of_each_class_but_at_least_one_and_never_a_class_last_item()
    {
        var (train, held) = StratifiedHoldout.Split(Labels, 0.1, 7);

        Assert.Equal([5, 1, 1, 0], Enumerable.Range(0, 4).Select(label => held.Count(i => Labels[i] == label)));
        Assert.Equal(Enumerable.Range(0, Labels.Length), train.Concat(held).Order());
    }

    [Fact]
    public void Is_seeded()
    {
        Assert.Equal(StratifiedHoldout.Split(Labels, 0.2, 7).Held, StratifiedHoldout.Split(Labels, 0.2, 7).Held);
        Assert.NotEqual(StratifiedHoldout.Split(Labels, 0.2, 7).Held, StratifiedHoldout.Split(Labels, 0.2, 8).Held);
    }

    [Fact]
    public void A_zero_fraction_holds_out_nothing()
    {
        var (train, held) = StratifiedHoldout.Split(Labels, 0.0, 7);

        Assert.Empty(held);
        Assert.Equal(Labels.Length, train.Length);
    }
}
