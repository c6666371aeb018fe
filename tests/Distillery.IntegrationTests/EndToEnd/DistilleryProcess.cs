using System.Diagnostics;

namespace Distillery.IntegrationTests.EndToEnd;

/// <summary>Runs the real <c>distillery</c> command line (built beside the tests) as a separate process.</summary>
internal static class DistilleryProcess
{
    public static Task<(int ExitCode, string Output)> RunAsync(TimeSpan deadline, params string[] arguments) =>
        RunAsync(deadline, new Dictionary<string, string>(), arguments);

    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan deadline, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "distillery.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A wide, plain console: nothing is cut or coloured in what the test reads.
        start.Environment["COLUMNS"] = "250";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"distillery {string.Join(' ', arguments)} did not finish within {deadline.TotalSeconds:0} s");
        }

        return (process.ExitCode, await output + await errors);
    }
}
