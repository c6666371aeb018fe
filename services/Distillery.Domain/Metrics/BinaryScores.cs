namespace Distillery.Domain.Metrics;

/// <summary>
/// What a report shows for a two-label task: accuracy, and precision, recall and F1 of the
/// positive label (scikit-learn's <c>average="binary"</c>), since for a yes/no question the
/// scores of the "no" class add little.
/// </summary>
public sealed record BinaryScores(string PositiveLabel, double Accuracy, double Precision, double Recall, double F1);
