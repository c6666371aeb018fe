using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Distillery.Testing;

/// <summary>
/// Debian's /usr/bin/python3, where python3-sklearn and numpy are installed (the python3
/// first on PATH may be another one without them): the peer that tests and benchmarks compare
/// our results with. Linked into each project that needs it (tests/Shared).
/// </summary>
internal static class DebianPython
{
    public const string Executable = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, string?> UnavailableByImports = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="imports"/> (e.g. <c>numpy, sklearn.metrics</c>) cannot be imported here, or null when they can.</summary>
    public static string? Unavailable(string imports) => UnavailableByImports.GetOrAdd(imports, modules =>
    {
        if (!File.Exists(Executable))
        {
            return $"{Executable} is missing (apt-get install python3-sklearn; make deps does)";
        }

        var (exitCode, _, error) = Execute(["-c", $"import {modules}"], string.Empty, TimeSpan.FromMinutes(1));
        return exitCode == 0 ? null : $"{Executable} cannot import {modules}: {error.Trim()}";
    });

    /// <summary>Runs a script with a JSON document on stdin and parses its stdout as JSON; a non-zero exit throws with stderr.</summary>
    public static JsonDocument RunJson(string script, object input, JsonSerializerOptions? options = null)
    {
        var (exitCode, output, error) = Execute([script], JsonSerializer.Serialize(input, options), TimeSpan.FromMinutes(10));
        return exitCode == 0
            ? JsonDocument.Parse(output)
            : throw new InvalidOperationException($"{Executable} {script} exited with {exitCode}:\n{error}");
    }

    public static (int ExitCode, string Output, string Error) Execute(IEnumerable<string> arguments, string input, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Executable} did not finish within {timeout.TotalSeconds:0} s.");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
