namespace Distillery.Domain.Metrics;

/// <summary>
/// A statistic of the items at <paramref name="indices"/> (an index may repeat: the item then
/// counts that often), such as <c>indices => predictions.Confusion(indices).MacroAverage.F1</c>.
/// A span rather than an array because the bootstrap refills one buffer for every resample; a
/// statistic must not keep it.
/// </summary>
public delegate double IndexStatistic(ReadOnlySpan<int> indices);
