using Distillery.Domain.Metrics;

namespace Distillery.Evaluation.Metrics;

/// <summary>
/// The four reported metrics as statistics over resampled test items. For a binary task,
/// precision, recall and F1 are those of the positive label; otherwise macro averages.
/// </summary>
internal static class ArmMetric
{
    public static double Accuracy(ConfusionMatrix confusion, string? positive) => confusion.Accuracy;

    public static double Precision(ConfusionMatrix confusion, string? positive) =>
        positive is null ? confusion.MacroAverage.Precision : confusion.Binary(positive).Precision;

    public static double Recall(ConfusionMatrix confusion, string? positive) =>
        positive is null ? confusion.MacroAverage.Recall : confusion.Binary(positive).Recall;

    public static double F1(ConfusionMatrix confusion, string? positive) =>
        positive is null ? confusion.MacroAverage.F1 : confusion.Binary(positive).F1;
}
