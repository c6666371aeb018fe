using Distillery.Evaluation.Reports;

namespace Distillery.UnitTests.Reports;

/// <summary>
/// report.html in a real browser: it must load without a single console message and paint a
/// page that is visibly not blank. Two negative controls prove the checks can fail: a page
/// with a broken script must show up in the console check, and a blank page in the pixel check.
/// Set DISTILLERY_TEST_ARTIFACTS to a folder to keep the sample report and its screenshot.
/// </summary>
public sealed class HtmlReportBrowserTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [ChromiumFact]
    public async Task The_sample_report_loads_without_console_messages_and_is_not_blank()
    {
        using var folder = new TempFolder();
        var html = folder.Write(HtmlReportWriter.FileName, HtmlReportWriter.Write(SampleReports.Job()));
        var png = Path.Combine(folder.Path, "report.png");

        var run = await HeadlessChromium.ScreenshotAsync(html, png, Timeout);
        KeepArtifacts(html, png);

        AssertExitedCleanly(run);
        Assert.True(run.ConsoleMessages.Count == 0, "console messages:\n" + string.Join('\n', run.ConsoleMessages));
        var image = PngImage.Decode(await File.ReadAllBytesAsync(png));
        Assert.Equal((1280, 2400), (image.Width, image.Height));
        AssertNotBlank(image);
    }

    [ChromiumFact]
    public async Task Negative_control_a_page_with_a_broken_script_shows_console_messages()
    {
        using var folder = new TempFolder();
        var html = folder.Write("broken.html", """
            <!DOCTYPE html><html><body><p>broken</p>
            <script>console.error("report failed to render"); notDefinedAnywhere();</script>
            </body></html>
            """);

        var run = await HeadlessChromium.ScreenshotAsync(html, Path.Combine(folder.Path, "broken.png"), Timeout);

        AssertExitedCleanly(run);
        Assert.Contains(run.ConsoleMessages, line => line.Contains("report failed to render", StringComparison.Ordinal));
        Assert.Contains(run.ConsoleMessages, line => line.Contains("notDefinedAnywhere is not defined", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task Negative_control_a_blank_page_fails_the_not_blank_check()
    {
        using var folder = new TempFolder();
        var html = folder.Write("blank.html", "<!DOCTYPE html><html><head><title>blank</title></head><body></body></html>");
        var png = Path.Combine(folder.Path, "blank.png");

        var run = await HeadlessChromium.ScreenshotAsync(html, png, Timeout);

        AssertExitedCleanly(run);
        Assert.Empty(run.ConsoleMessages);
        var image = PngImage.Decode(await File.ReadAllBytesAsync(png));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNotBlank(image));
    }

    [Fact]
    public void Console_lines_are_found_in_both_log_formats_and_nothing_else_is()
    {
        const string stderr = """
            [30414:30452:1121/052727.672602:ERROR:dbus/bus.cc:405] Failed to connect to the bus: no socket
            [30414:30414:1121/052729.117964:INFO:CONSOLE:1] "hello-error", source: file:///tmp/err.html (1)
            [1:2:0101/000000.000000:INFO:CONSOLE(12)] "Uncaught ReferenceError: x is not defined", source: file:///tmp/a.html (12)
            a page text mentioning :CONSOLE:1] in passing
            """;

        var messages = HeadlessChromium.ConsoleMessages(stderr);

        Assert.Equal(2, messages.Count);
        Assert.Contains("hello-error", messages[0], StringComparison.Ordinal);
        Assert.Contains("ReferenceError", messages[1], StringComparison.Ordinal);
    }

    /// <summary>A page with text, tables and charts: many colours, and a fair share of the screen inked.</summary>
    private static void AssertNotBlank(PngImage image)
    {
        var colours = image.DistinctColours();
        var inked = image.NonWhiteFraction();
        Assert.True(colours >= 64, $"the screenshot has only {colours} distinct colours");
        Assert.True(inked >= 0.02, $"only {inked:P2} of the screenshot is not white");
    }

    private static void AssertExitedCleanly(ChromiumRun run)
    {
        Assert.False(run.TimedOut, $"Chromium did not finish within {Timeout}:\n{run.Stderr}");
        Assert.True(run.ExitCode == 0, $"Chromium exited with {run.ExitCode}:\n{run.Stderr}");
    }

    private static void KeepArtifacts(params string[] files)
    {
        if (Environment.GetEnvironmentVariable("DISTILLERY_TEST_ARTIFACTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        foreach (var file in files.Where(File.Exists))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
    }
}
