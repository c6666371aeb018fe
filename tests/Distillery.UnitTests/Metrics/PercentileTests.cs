using Distillery.Domain.Metrics;

namespace Distillery.UnitTests.Metrics;

/// <summary>numpy's default (linear) percentile: position q·(n − 1) in the sorted values, interpolated.</summary>
public sealed class PercentileTests
{
    [Theory]
    [InlineData(0.0, 10.0)]
    [InlineData(0.25, 17.5)]
    [InlineData(0.5, 25.0)]
    [InlineData(0.9, 37.0)]
    [InlineData(1.0, 40.0)]
    public void Interpolates_linearly_between_neighbours(double quantile, double expected)
    {
        Assert.Equal(expected, Percentile.OfSorted([10.0, 20.0, 30.0, 40.0], quantile), 12);
    }

    [Fact]
    public void One_value_is_every_percentile()
    {
        Assert.Equal(3.5, Percentile.OfSorted([3.5], 0.025));
        Assert.Equal(3.5, Percentile.OfSorted([3.5], 0.975));
    }

    [Fact]
    public void Quantile_outside_zero_to_one_is_an_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.OfSorted([1.0, 2.0], 1.5));
    }
}
