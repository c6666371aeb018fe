using Distillery.Domain.Metrics;
using Distillery.Evaluation.Reports;

namespace Distillery.Evaluation.Metrics;

/// <summary>Scores arms on a task's test items with percentile bootstrap CIs, and compares arms with the paired bootstrap.</summary>
public sealed class ArmScorer(BootstrapSettings settings)
{
    public BootstrapSettings Settings { get; } = settings;

    public ArmReport Score(string arm, string name, ArmPredictions predictions, ArmCosts costs) => new(
        arm,
        name,
        predictions.Count,
        Interval(predictions, ArmMetric.Accuracy),
        Interval(predictions, ArmMetric.Precision),
        Interval(predictions, ArmMetric.Recall),
        Interval(predictions, ArmMetric.F1),
        costs);

    /// <summary>Arm A minus arm B on the same test items, in the same order.</summary>
    public ArmComparisonReport Compare(string armA, ArmPredictions a, string armB, ArmPredictions b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"arms '{armA}' and '{armB}' were scored on different test items ({a.Count} and {b.Count})");
        }

        var difference = Bootstrap.PairedDifference(
            a.Count,
            items => a.Statistic(ArmMetric.F1, items),
            items => b.Statistic(ArmMetric.F1, items),
            Settings);
        return new ArmComparisonReport(
            armA,
            armB,
            ToEstimate(difference.Difference),
            difference.OneSidedPValue,
            a.Statistic(ArmMetric.Precision) - b.Statistic(ArmMetric.Precision),
            a.Statistic(ArmMetric.Recall) - b.Statistic(ArmMetric.Recall));
    }

    private Estimate Interval(ArmPredictions predictions, Func<ConfusionMatrix, string?, double> metric) =>
        ToEstimate(Bootstrap.PercentileInterval(predictions.Count, items => predictions.Statistic(metric, items), Settings));

    internal static Estimate ToEstimate(BootstrapInterval interval) => new(interval.Estimate, interval.Lower, interval.Upper, interval.ConfidenceLevel);
}
