namespace Distillery.Domain.Metrics;

/// <summary>
/// Precision, recall and F1 of one label against the rest, with its support (how many items
/// truly carry it), which a weighted average and a reader both need to judge the numbers.
/// </summary>
public sealed record LabelScores(string Label, double Precision, double Recall, double F1, int Support);
