namespace Distillery.Domain.Jobs;

/// <summary>How confidence intervals are computed: percentile bootstrap with this many resamples and this level.</summary>
public sealed record BootstrapSpec(int Resamples = 1_000, double Confidence = 0.95);
