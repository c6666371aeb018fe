namespace Distillery.Domain.Metrics;

/// <summary>
/// How a bootstrap runs: how many resamples, which central interval to report (0.95 for the
/// 2.5th to 97.5th percentile), and the seed that makes the same job give the same interval.
/// </summary>
public sealed record BootstrapSettings
{
    public BootstrapSettings(int resamples, double confidenceLevel, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(confidenceLevel), confidenceLevel, "The confidence level must lie strictly between 0 and 1.");
        }

        Resamples = resamples;
        ConfidenceLevel = confidenceLevel;
        Seed = seed;
    }

    public int Resamples { get; }

    public double ConfidenceLevel { get; }

    public ulong Seed { get; }
}
