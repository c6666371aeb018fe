namespace Distillery.UnitTests.Metrics;

/// <summary>
/// A fact that compares with scikit-learn. Where /usr/bin/python3 or scikit-learn is missing it
/// is skipped on a developer's machine, but runs (and fails) when CI=true, so CI can never pass
/// by silently not comparing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SklearnFactAttribute : FactAttribute
{
    public SklearnFactAttribute()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!onCi && SklearnReference.Unavailable is { } reason)
        {
            Skip = $"{reason} Set CI=true to make this a failure.";
        }
    }
}
