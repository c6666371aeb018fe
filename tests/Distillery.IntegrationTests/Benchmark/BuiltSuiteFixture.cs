using Distillery.Datasets.Benchmark;
using Distillery.IntegrationTests.Infrastructure;

namespace Distillery.IntegrationTests.Benchmark;

/// <summary>The benchmark built twice from the real corpora into two folders, shared by the tests of one class.</summary>
public sealed class BuiltSuiteFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "distillery-benchmark-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<(BuiltSuite First, BuiltSuite Second)> _builds;

    public BuiltSuiteFixture() => _builds = new(() => (
        BenchmarkBuilder.Build(RepositoryFiles.Corpora, Path.Combine(_root, "first")),
        BenchmarkBuilder.Build(RepositoryFiles.Corpora, Path.Combine(_root, "second"))));

    public BuiltSuite First => _builds.Value.First;

    public BuiltSuite Second => _builds.Value.Second;

    /// <summary>The first build's folder, built on first use.</summary>
    public string FirstFolder => Path.GetDirectoryName(First.ManifestPath)!;

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>One build of the suite shared by every test class that reads it.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBuiltSuite : ICollectionFixture<BuiltSuiteFixture>
{
    public const string Name = "built benchmark suite";
}
