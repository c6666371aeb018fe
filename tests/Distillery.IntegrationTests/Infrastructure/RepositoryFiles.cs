namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>Files the build put in the repository (fetched corpora), found from the test assembly's folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>Where scripts/fetch-corpora.sh unpacks the benchmark's corpora (DISTILLERY_CORPORA overrides).</summary>
    public static string Corpora =>
        Environment.GetEnvironmentVariable("DISTILLERY_CORPORA") is { Length: > 0 } custom ? custom : Path.Combine(Root, ".cache", "corpora");

    internal static string? CorporaSkipReason() =>
        Directory.Exists(Path.Combine(Corpora, "brown")) || TestServers.InCi
            ? null
            : $"corpora not fetched into {Corpora}: run scripts/fetch-corpora.sh (make deps does)";

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Distillery.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Distillery.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>A fact that needs the fetched corpora: skipped locally without them, failing in CI without them.</summary>
public sealed class CorporaFactAttribute : FactAttribute
{
    public CorporaFactAttribute() => Skip = RepositoryFiles.CorporaSkipReason();
}
