using System.Diagnostics;
using Distillery.Domain.Metrics;

namespace Distillery.UnitTests.Metrics;

public sealed class BootstrapTests
{
    private static readonly RandomLabels Binary = ConfusionMatrixTests.Cases.Single(c => c.Name == "binary, skewed");
    private static readonly RandomLabels ThreeClasses = ConfusionMatrixTests.Cases.Single(c => c.Name == "three classes");
    private static readonly RandomLabels NeverPredicted = ConfusionMatrixTests.Cases.Single(c => c.Name == "four classes, d never predicted");

    [SklearnFact]
    public void Percentile_intervals_match_scikit_learn_and_numpy_on_the_same_resamples()
    {
        (RandomLabels Data, string Metric, BootstrapSettings Settings)[] cases =
        [
            (ThreeClasses, "macro_f1", new BootstrapSettings(1000, 0.95, 11)),
            (Binary, "binary_f1", new BootstrapSettings(500, 0.90, 12)),
            (NeverPredicted, "weighted_f1", new BootstrapSettings(400, 0.80, 13)),
            (NeverPredicted, "accuracy", new BootstrapSettings(300, 0.99, 14)),
        ];

        var references = SklearnReference.Run([.. cases.Select(c => new
        {
            Kind = "bootstrap",
            c.Metric,
            c.Data.Truth,
            c.Data.Predicted,
            c.Data.Labels,
            PositiveLabel = "yes",
            c.Settings.ConfidenceLevel,
            Resamples = Bootstrap.Resamples(c.Data.Truth.Length, c.Settings.Resamples, c.Settings.Seed).ToArray(),
        })]);

        foreach (var ((data, metric, settings), reference) in cases.Zip(references))
        {
            var predictions = EncodedPredictions.From(data.Truth, data.Predicted, new LabelSet(data.Labels));

            var interval = Bootstrap.PercentileInterval(predictions.Count, Statistic(predictions, metric), settings);

            var name = $"{data.Name}, {metric}";
            Close.Equal(reference["estimate"], interval.Estimate, $"{name}: estimate");
            Close.Equal(reference["lower"], interval.Lower, $"{name}: lower bound");
            Close.Equal(reference["upper"], interval.Upper, $"{name}: upper bound");
            Assert.Equal(settings.ConfidenceLevel, interval.ConfidenceLevel);
            Assert.True(interval.Lower < interval.Estimate && interval.Estimate < interval.Upper, $"{name}: {interval}");
        }
    }

    [SklearnFact]
    public void Paired_differences_match_scikit_learn_and_numpy_on_the_same_resamples()
    {
        (RandomLabels Data, string[] OtherArm, string Metric, BootstrapSettings Settings)[] cases =
        [
            (ThreeClasses, ThreeClasses.OtherArm(21, 0.5), "macro_f1", new BootstrapSettings(1000, 0.95, 21)),
            (Binary, Binary.OtherArm(22, 0.72), "binary_f1", new BootstrapSettings(500, 0.90, 22)),
        ];

        var references = SklearnReference.Run([.. cases.Select(c => new
        {
            Kind = "bootstrap",
            c.Metric,
            c.Data.Truth,
            c.Data.Predicted,
            PredictedB = c.OtherArm,
            c.Data.Labels,
            PositiveLabel = "yes",
            c.Settings.ConfidenceLevel,
            Resamples = Bootstrap.Resamples(c.Data.Truth.Length, c.Settings.Resamples, c.Settings.Seed).ToArray(),
        })]);

        foreach (var ((data, otherArm, metric, settings), reference) in cases.Zip(references))
        {
            var labels = new LabelSet(data.Labels);
            var armA = EncodedPredictions.From(data.Truth, data.Predicted, labels);
            var armB = EncodedPredictions.From(data.Truth, otherArm, labels);

            var comparison = Bootstrap.PairedDifference(
                armA.Count, Statistic(armA, metric), Statistic(armB, metric), settings);

            var name = $"{data.Name}, {metric}";
            Close.Equal(reference["estimate"], comparison.Difference.Estimate, $"{name}: estimate");
            Close.Equal(reference["lower"], comparison.Difference.Lower, $"{name}: lower bound");
            Close.Equal(reference["upper"], comparison.Difference.Upper, $"{name}: upper bound");
            Close.Equal(reference["one_sided_p_value"], comparison.OneSidedPValue, $"{name}: one-sided p-value");
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_resamples_and_interval_and_another_seed_does_not()
    {
        var predictions = EncodedPredictions.From(ThreeClasses.Truth, ThreeClasses.Predicted, new LabelSet(ThreeClasses.Labels));
        var macroF1 = Statistic(predictions, "macro_f1");

        var first = Bootstrap.PercentileInterval(predictions.Count, macroF1, new BootstrapSettings(300, 0.95, 7));
        var again = Bootstrap.PercentileInterval(predictions.Count, macroF1, new BootstrapSettings(300, 0.95, 7));
        var other = Bootstrap.PercentileInterval(predictions.Count, macroF1, new BootstrapSettings(300, 0.95, 8));

        Assert.Equal(first, again);
        Assert.NotEqual((first.Lower, first.Upper), (other.Lower, other.Upper));
        Assert.Equal(Bootstrap.Resamples(50, 20, 7), Bootstrap.Resamples(50, 20, 7));
        Assert.NotEqual(Bootstrap.Resamples(50, 20, 7), Bootstrap.Resamples(50, 20, 8));
    }

    [Fact]
    public void Resamples_draw_the_given_number_of_indexes_in_range_with_replacement()
    {
        var resamples = Bootstrap.Resamples(30, 200, 3).ToList();

        Assert.Equal(200, resamples.Count);
        Assert.All(resamples, indices => Assert.Equal(30, indices.Length));
        Assert.All(resamples.SelectMany(indices => indices), index => Assert.InRange(index, 0, 29));
        Assert.Contains(resamples, indices => indices.Distinct().Count() < indices.Length);
        Assert.Equal(30, resamples.SelectMany(indices => indices).Distinct().Count());
    }

    /// <summary>Holds without Python: the interval is numpy's percentiles of the statistic over exactly <see cref="Bootstrap.Resamples"/>.</summary>
    [Fact]
    public void Interval_uses_the_published_resamples_in_order()
    {
        var values = Enumerable.Range(0, 40).Select(i => Math.Sin(i) * 10).ToArray();
        var settings = new BootstrapSettings(99, 0.9, 5);
        var sorted = Bootstrap.Resamples(values.Length, settings.Resamples, settings.Seed)
            .Select(indices => indices.Average(i => values[i]))
            .Order()
            .ToArray();

        var interval = Bootstrap.PercentileInterval(values.Length, Mean(values), settings);

        // 99 resamples: the 5th and 95th percentiles sit at positions 0.05 · 98 = 4.9 and 0.95 · 98 = 93.1.
        Assert.Equal(sorted[4] + (0.9 * (sorted[5] - sorted[4])), interval.Lower, 12);
        Assert.Equal(sorted[93] + (0.1 * (sorted[94] - sorted[93])), interval.Upper, 12);
        Assert.Equal(values.Average(), interval.Estimate, 12);
    }

    [Fact]
    public void Difference_is_the_first_arm_minus_the_second()
    {
        var labels = new LabelSet(ThreeClasses.Labels);
        var perfect = EncodedPredictions.From(ThreeClasses.Truth, ThreeClasses.Truth, labels);
        var noisy = EncodedPredictions.From(ThreeClasses.Truth, ThreeClasses.Predicted, labels);
        var settings = new BootstrapSettings(300, 0.95, 4);

        var better = Bootstrap.PairedDifference(perfect.Count, Statistic(perfect, "macro_f1"), Statistic(noisy, "macro_f1"), settings);
        var worse = Bootstrap.PairedDifference(perfect.Count, Statistic(noisy, "macro_f1"), Statistic(perfect, "macro_f1"), settings);

        Assert.Equal(1.0 - noisy.Confusion().MacroAverage.F1, better.Difference.Estimate, 12);
        Assert.True(better.Difference.Lower > 0, $"{better}");
        Assert.Equal(0.0, better.OneSidedPValue);
        Assert.True(worse.Difference.Upper < 0, $"{worse}");
        Assert.Equal(1.0, worse.OneSidedPValue);
    }

    [Fact]
    public void Identical_arms_never_differ()
    {
        var predictions = EncodedPredictions.From(Binary.Truth, Binary.Predicted, new LabelSet(Binary.Labels));
        var f1 = Statistic(predictions, "binary_f1");

        var comparison = Bootstrap.PairedDifference(predictions.Count, f1, f1, new BootstrapSettings(200, 0.95, 1));

        Assert.Equal(new BootstrapInterval(0, 0, 0, 0.95), comparison.Difference);
        Assert.Equal(1.0, comparison.OneSidedPValue);
    }

    [Fact]
    public void A_statistic_undefined_on_some_resample_gives_undefined_bounds()
    {
        var interval = Bootstrap.PercentileInterval(
            10, indices => indices[0] == indices[1] ? double.NaN : indices.Length, new BootstrapSettings(500, 0.95, 1));

        Assert.Equal(10, interval.Estimate);
        Assert.True(double.IsNaN(interval.Lower) && double.IsNaN(interval.Upper));
    }

    [Theory]
    [InlineData(0, 0.95)]
    [InlineData(100, 0.0)]
    [InlineData(100, 1.0)]
    [InlineData(100, double.NaN)]
    public void Settings_reject_impossible_values(int resamples, double confidenceLevel)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BootstrapSettings(resamples, confidenceLevel, 1));
    }

    [Fact]
    public void Two_thousand_resamples_of_a_thousand_items_take_well_under_a_second()
    {
        var data = RandomLabels.Draw("speed", 9, ["a", "b", "c", "d"], 1000, 0.6);
        var predictions = EncodedPredictions.From(data.Truth, data.Predicted, new LabelSet(data.Labels));
        var macroF1 = Statistic(predictions, "macro_f1");
        Bootstrap.PercentileInterval(predictions.Count, macroF1, new BootstrapSettings(20, 0.95, 1));

        var clock = Stopwatch.StartNew();
        var interval = Bootstrap.PercentileInterval(predictions.Count, macroF1, new BootstrapSettings(2000, 0.95, 1));
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.InRange(interval.Estimate, interval.Lower, interval.Upper);
    }

    private static IndexStatistic Statistic(EncodedPredictions predictions, string metric) => metric switch
    {
        "accuracy" => indices => predictions.Confusion(indices).Accuracy,
        "macro_f1" => indices => predictions.Confusion(indices).MacroAverage.F1,
        "weighted_f1" => indices => predictions.Confusion(indices).WeightedAverage.F1,
        "binary_f1" => indices => predictions.Confusion(indices).Binary("yes").F1,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    private static IndexStatistic Mean(double[] values) => indices =>
    {
        var sum = 0.0;
        foreach (var index in indices)
        {
            sum += values[index];
        }

        return sum / indices.Length;
    };
}
