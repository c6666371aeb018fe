using System.Security.Cryptography;
using System.Text;

namespace Distillery.Datasets.Benchmark;

/// <summary>What one task of the built suite holds.</summary>
public sealed record BuiltTask(string Name, int Documents, int Positives, string PositiveLabel);

/// <summary>The built suite: its tasks and one hash over every file, stable across runs.</summary>
public sealed record BuiltSuite(IReadOnlyList<BuiltTask> Tasks, string Sha256, string ManifestPath);

/// <summary>
/// Builds <c>data/benchmark/&lt;task&gt;/</c> for every task of <see cref="BenchmarkSuite"/>
/// from the fetched corpora, and writes <c>MANIFEST.sha256</c> listing each file's hash.
/// </summary>
public static class BenchmarkBuilder
{
    public const string ManifestFile = "MANIFEST.sha256";

    public static BuiltSuite Build(string corporaRoot, string output, Action<BuiltTask>? progress = null)
    {
        var corpora = BenchmarkSuite.ReadCorpora(corporaRoot);
        Directory.CreateDirectory(output);
        var built = new List<BuiltTask>();
        foreach (var definition in BenchmarkSuite.Tasks)
        {
            var sampled = TaskSampler.Sample(definition, corpora[definition.Corpus], BenchmarkSuite.Seed);
            TaskFileWriter.Write(Path.Combine(output, definition.Name), sampled);
            var task = new BuiltTask(
                definition.Name,
                sampled.Documents.Count,
                sampled.Documents.Count(document => document.Label == definition.Positive.Name),
                definition.Positive.Name);
            built.Add(task);
            progress?.Invoke(task);
        }

        var manifest = new StringBuilder();
        foreach (var task in built)
        {
            foreach (var file in new[] { TaskFileWriter.TaskFile, TaskFileWriter.DocumentsFile })
            {
                manifest.Append(TaskFileWriter.Sha256(Path.Combine(output, task.Name, file))).Append("  ").Append(task.Name).Append('/').Append(file).Append('\n');
            }
        }

        var manifestPath = Path.Combine(output, ManifestFile);
        var manifestText = manifest.ToString();
        File.WriteAllText(manifestPath, manifestText, new UTF8Encoding(false));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifestText)));
        return new BuiltSuite(built, hash, manifestPath);
    }
}
