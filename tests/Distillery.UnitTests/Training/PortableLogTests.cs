using Distillery.Training.Embeddings;

namespace Distillery.UnitTests.Training;

public sealed class PortableLogTests
{
    [Fact]
    public void Agrees_with_the_platform_logarithm_to_within_a_few_units_in_the_last_place()
    {
        double[] others = [1e-300, 0.1, 0.5, Math.Sqrt(2), 1.5, Math.E, 1e10, 1e300, double.MaxValue];
        foreach (var x in Enumerable.Range(1, 5000).Select(i => (double)i).Concat(others))
        {
            var expected = Math.Log(x);
            Assert.True(Math.Abs(PortableLog.Log(x) - expected) <= 4e-16 * Math.Max(1, Math.Abs(expected)), $"ln {x}: {PortableLog.Log(x)} vs {expected}");
        }

        Assert.Equal(0.0, PortableLog.Log(1.0));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.Epsilon)]
    public void Refuses_what_it_is_not_for(double x) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PortableLog.Log(x));
}
