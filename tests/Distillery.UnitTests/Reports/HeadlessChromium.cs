using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Distillery.UnitTests.Reports;

/// <summary>
/// Opens a local HTML file in Debian's headless Chromium and takes a screenshot, with a fresh
/// profile each time and everything that would reach the network switched off. Chromium logs
/// the page's console to stderr (with --enable-logging=stderr) as lines like
/// <c>[pid:tid:time:INFO:CONSOLE:1] "message", source: file:///… (1)</c>; every level, from
/// console.log to an uncaught exception, is logged as INFO, so the level cannot be told apart.
/// Our reports run no script at all, so any console message (a Content-Security-Policy
/// violation is one too) counts as an error.
/// </summary>
internal static partial class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static async Task<ChromiumRun> ScreenshotAsync(string htmlFile, string pngFile, TimeSpan timeout)
    {
        var profile = Path.Combine(Path.GetTempPath(), "distillery-chromium", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                $"--screenshot={pngFile}", "--window-size=1280,2400", new Uri(htmlFile).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return new ChromiumRun(TimedOut: true, process.ExitCode, await error, []);
            }

            await output;
            var stderr = await error;
            return new ChromiumRun(TimedOut: false, process.ExitCode, stderr, ConsoleMessages(stderr));
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    /// <summary>The console lines in Chromium's log; older builds write CONSOLE(1) where newer ones write CONSOLE:1.</summary>
    public static IReadOnlyList<string> ConsoleMessages(string stderr) =>
        [.. stderr.Split('\n').Where(line => ConsoleLine().IsMatch(line)).Select(line => line.TrimEnd('\r'))];

    [GeneratedRegex(@"^\[[^\]]*:CONSOLE(?::\d+|\(\d+\))\]")]
    private static partial Regex ConsoleLine();
}
