using System.Diagnostics;
using System.Text.Json;

namespace Distillery.Benchmarks;

/// <summary>Runs a peer script under Debian's /usr/bin/python3 (where python3-sklearn lives), JSON in, JSON out.</summary>
internal static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    public static JsonDocument Run(string script, object input)
    {
        var start = new ProcessStartInfo(Python, [Path.Combine(AppContext.BaseDirectory, script)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Python}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        JsonSerializer.Serialize(process.StandardInput.BaseStream, input);
        process.StandardInput.Close();
        process.WaitForExit();
        return process.ExitCode == 0
            ? JsonDocument.Parse(output.Result)
            : throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {errors.Result}");
    }
}
