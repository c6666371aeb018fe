namespace Distillery.Domain.Metrics;

/// <summary>
/// A statistic on the full sample with its bootstrap percentile interval at
/// <see cref="ConfidenceLevel"/>. The estimate is not the mean of the resamples: reports show
/// what the test set gave, and the interval shows how far that could move.
/// </summary>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, double ConfidenceLevel);
