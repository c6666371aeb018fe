using System.Text.Json;
using Distillery.Testing;

namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>Debian's /usr/bin/python3 with python3-sklearn: the peer our students are compared with.</summary>
internal static class ScikitLearn
{
    public static string? SkipReason() =>
        DebianPython.Unavailable("sklearn") is { } reason && !TestServers.InCi ? reason : null;

    /// <summary>Runs a script copied beside the tests, JSON on stdin, JSON from stdout.</summary>
    public static JsonDocument Run(string script, object input) =>
        DebianPython.RunJson(Path.Combine(AppContext.BaseDirectory, script), input);
}

/// <summary>A fact that needs the fetched corpora and scikit-learn: skipped locally without them, failing in CI.</summary>
public sealed class CorporaAndSklearnFactAttribute : FactAttribute
{
    public CorporaAndSklearnFactAttribute() => Skip = RepositoryFiles.CorporaSkipReason() ?? ScikitLearn.SkipReason();
}
