namespace Distillery.UnitTests.Reports;

/// <summary>
/// A fact that needs Debian's headless Chromium. Where /usr/bin/chromium is missing it is
/// skipped on a developer's machine, but runs (and fails) when CI=true, so CI can never pass
/// by silently not looking at the page.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!onCi && !File.Exists(HeadlessChromium.Executable))
        {
            Skip = $"{HeadlessChromium.Executable} is missing (apt-get install chromium). Set CI=true to make this a failure.";
        }
    }
}
