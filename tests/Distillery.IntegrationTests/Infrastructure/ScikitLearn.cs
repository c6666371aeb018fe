using System.Diagnostics;
using System.Text.Json;

namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>Debian's /usr/bin/python3 with python3-sklearn: the peer our students are compared with.</summary>
internal static class ScikitLearn
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import sklearn"]) { RedirectStandardError = true });
            process!.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static string? SkipReason() =>
        Available.Value || TestServers.InCi ? null : $"{Python} with scikit-learn is missing: apt-get install python3-sklearn (make deps does)";

    /// <summary>Runs a script copied beside the tests, JSON on stdin, JSON from stdout.</summary>
    public static JsonDocument Run(string script, object input)
    {
        var start = new ProcessStartInfo(Python, [Path.Combine(AppContext.BaseDirectory, script)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
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

/// <summary>A fact that needs the fetched corpora and scikit-learn: skipped locally without them, failing in CI.</summary>
public sealed class CorporaAndSklearnFactAttribute : FactAttribute
{
    public CorporaAndSklearnFactAttribute() => Skip = RepositoryFiles.CorporaSkipReason() ?? ScikitLearn.SkipReason();
}
