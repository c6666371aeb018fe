using Distillery.Domain.Randomness;

namespace Distillery.Domain.Metrics;

/// <summary>
/// Nonparametric bootstrap over test items: resample the items with replacement, recompute the
/// statistic, and read the interval off the percentiles of the recomputed values. Resampling is
/// driven by <see cref="DeterministicRandom"/> under its own purpose, so a seed gives the same
/// resamples on every machine, and <see cref="Resamples"/> shows exactly which resamples the
/// intervals use.
/// </summary>
public static class Bootstrap
{
    private const string Purpose = "bootstrap-resamples";

    /// <summary>
    /// The <paramref name="count"/> resamples of <paramref name="sampleSize"/> item indexes that
    /// <see cref="PercentileInterval"/> and <see cref="PairedDifference"/> use for
    /// <paramref name="seed"/>, in the same order; each a fresh array.
    /// </summary>
    public static IEnumerable<int[]> Resamples(int sampleSize, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(sampleSize, count, seed);

        static IEnumerable<int[]> Generate(int sampleSize, int count, ulong seed)
        {
            var random = DeterministicRandom.For(seed, Purpose);
            for (var resample = 0; resample < count; resample++)
            {
                var indices = new int[sampleSize];
                Fill(random, indices);
                yield return indices;
            }
        }
    }

    /// <summary>
    /// <paramref name="statistic"/> on all <paramref name="sampleSize"/> items, with the percentile
    /// interval of its values over the resamples. If the statistic is NaN on any resample, the
    /// bounds are NaN (as numpy's would be).
    /// </summary>
    public static BootstrapInterval PercentileInterval(int sampleSize, IndexStatistic statistic, BootstrapSettings settings)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);

        var estimate = statistic(AllItems(sampleSize));
        var values = new double[settings.Resamples];
        var random = DeterministicRandom.For(settings.Seed, Purpose);
        var indices = new int[sampleSize];
        for (var resample = 0; resample < values.Length; resample++)
        {
            Fill(random, indices);
            values[resample] = statistic(indices);
        }

        return Interval(estimate, values, settings.ConfidenceLevel);
    }

    /// <summary>
    /// Paired bootstrap of arm A minus arm B, both scored on the same resampled items, so that
    /// the spread reflects how the arms differ rather than how hard each resample happens to be.
    /// Both statistics must index the same test items in the same order.
    /// </summary>
    public static ArmDifference PairedDifference(
        int sampleSize, IndexStatistic armA, IndexStatistic armB, BootstrapSettings settings)
    {
        ArgumentNullException.ThrowIfNull(armA);
        ArgumentNullException.ThrowIfNull(armB);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);

        var all = AllItems(sampleSize);
        var estimate = armA(all) - armB(all);
        var differences = new double[settings.Resamples];
        var random = DeterministicRandom.For(settings.Seed, Purpose);
        var indices = new int[sampleSize];
        var notAbove = 0;
        for (var resample = 0; resample < differences.Length; resample++)
        {
            Fill(random, indices);
            var difference = armA(indices) - armB(indices);
            differences[resample] = difference;
            if (difference <= 0)
            {
                notAbove++;
            }
        }

        var interval = Interval(estimate, differences, settings.ConfidenceLevel);
        return new ArmDifference(interval, (double)notAbove / differences.Length);
    }

    private static void Fill(DeterministicRandom random, Span<int> indices)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = random.NextInt(indices.Length);
        }
    }

    private static int[] AllItems(int sampleSize)
    {
        var all = new int[sampleSize];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        return all;
    }

    private static BootstrapInterval Interval(double estimate, double[] values, double confidenceLevel)
    {
        if (Array.Exists(values, double.IsNaN))
        {
            return new BootstrapInterval(estimate, double.NaN, double.NaN, confidenceLevel);
        }

        Array.Sort(values);
        var tail = (1.0 - confidenceLevel) / 2.0;
        return new BootstrapInterval(
            estimate,
            Percentile.OfSorted(values, tail),
            Percentile.OfSorted(values, 1.0 - tail),
            confidenceLevel);
    }
}
