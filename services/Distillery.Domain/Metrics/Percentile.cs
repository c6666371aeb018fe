namespace Distillery.Domain.Metrics;

/// <summary>
/// Percentiles as numpy's default <c>np.percentile</c> computes them (method "linear"): the value
/// at position q·(n − 1) of the sorted data, interpolated between its neighbours. Matching numpy
/// lets the tests check our intervals against a reference computed from the same resamples.
/// </summary>
internal static class Percentile
{
    /// <summary>The <paramref name="quantile"/> (in [0, 1]) of <paramref name="sorted"/>, which must be in ascending order.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double quantile)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("No values to take a percentile of.", nameof(sorted));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1.0);
        var position = quantile * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var fraction = position - below;
        var a = sorted[below];
        var b = sorted[above];
        var step = b - a;

        // numpy interpolates from the nearer neighbour, which keeps the result exact at the ends.
        return fraction >= 0.5 ? b - (step * (1 - fraction)) : a + (step * fraction);
    }
}
