namespace Distillery.Domain.Metrics;

/// <summary>
/// Precision, recall and F1 averaged over every label of the label set: a macro average treats
/// rare classes as equal to common ones, a weighted average follows the class mix of the sample.
/// </summary>
public sealed record AveragedScores(double Precision, double Recall, double F1);
