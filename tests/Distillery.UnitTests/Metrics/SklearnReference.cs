using System.Text.Json;
using System.Text.Json.Nodes;

using Distillery.Testing;

namespace Distillery.UnitTests.Metrics;

/// <summary>
/// Runs sklearn_metrics.py under Debian's /usr/bin/python3, which has scikit-learn 1.2.1 (the
/// python3 first on PATH may not), sending requests as JSON on stdin and reading results back.
/// </summary>
internal static class SklearnReference
{
    public const string Python = DebianPython.Executable;

    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Metrics", "sklearn_metrics.py");

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Lazy<string?> UnavailableReason = new(FindUnavailableReason);

    /// <summary>Why the reference cannot run here, or null when it can.</summary>
    public static string? Unavailable => UnavailableReason.Value;

    /// <summary>One result per request, in order; requests are objects with a "kind" the script handles.</summary>
    public static IReadOnlyList<JsonNode> Run(params object[] requests)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException($"The scikit-learn reference cannot run: {reason}");
        }

        var input = JsonSerializer.Serialize(new { Requests = requests }, Json);
        var (exitCode, output, error) = Execute([Script], input);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Python} {Script} exited with {exitCode}:\n{error}");
        }

        var results = JsonNode.Parse(output)!["results"]!.AsArray();
        Assert.Equal(requests.Length, results.Count);
        return [.. results.Select(result => result!)];
    }

    private static string? FindUnavailableReason() => DebianPython.Unavailable("numpy, sklearn.metrics");

    private static (int ExitCode, string Output, string Error) Execute(IEnumerable<string> arguments, string input) =>
        DebianPython.Execute(arguments, input, TimeSpan.FromMinutes(2));
}
