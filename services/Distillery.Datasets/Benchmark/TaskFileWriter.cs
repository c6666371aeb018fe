using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Distillery.Datasets.Benchmark;

/// <summary>
/// Writes one benchmark task as <c>task.yaml</c> (the task spec users read and edit copies of)
/// and <c>documents.jsonl</c>, byte for byte the same on every run and machine.
/// </summary>
internal static class TaskFileWriter
{
    public const string TaskFile = "task.yaml";
    public const string DocumentsFile = "documents.jsonl";

    // Share of the documents per split; the remaining tenth is slack, because whole source
    // groups go to one split and may overshoot a quota.
    public const double ValidationShare = 0.15;
    public const double TrainingPoolShare = 0.50;
    public const double TestShare = 0.25;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string folder, SampledTask task)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, TaskFile), TaskYaml(task), Utf8);
        using var documents = new StreamWriter(Path.Combine(folder, DocumentsFile), append: false, Utf8) { NewLine = "\n" };
        foreach (var document in task.Documents)
        {
            var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (fact, value) in document.Passage.Facts)
            {
                fields[fact] = value;
            }

            var line = new Dictionary<string, string>
            {
                ["id"] = document.Passage.Id,
                ["label"] = document.Label,
                ["group"] = document.Passage.Group,
                ["text"] = document.Passage.Text,
            };
            foreach (var (fact, value) in fields)
            {
                line.TryAdd(fact, value);
            }

            documents.WriteLine(JsonSerializer.Serialize(line, Json));
        }
    }

    private static string TaskYaml(SampledTask task)
    {
        var definition = task.Definition;
        var count = task.Documents.Count;
        var labels = new YamlSequenceNode(
            new[] { definition.Positive, definition.Negative }.Select(label => (YamlNode)new YamlMappingNode(
                new YamlScalarNode("name"), new YamlScalarNode(label.Name),
                new YamlScalarNode("definition"), new YamlScalarNode(label.Definition))));
        var examples = new YamlSequenceNode(task.Examples.Select(example => (YamlNode)new YamlMappingNode(
            new YamlScalarNode("text"), new YamlScalarNode(example.Text) { Style = ScalarStyle.DoubleQuoted },
            new YamlScalarNode("label"), new YamlScalarNode(example.Label))));
        var root = new YamlMappingNode
        {
            { "name", definition.Name },
            { "description", definition.Description },
            {
                "codebook", new YamlMappingNode
                {
                    { "instructions", new YamlScalarNode(definition.Instructions) { Style = ScalarStyle.Folded } },
                    { "labels", labels },
                    { "positive_label", definition.Positive.Name },
                    { "examples", examples },
                }
            },
            { "data", new YamlMappingNode { { "path", DocumentsFile }, { "group_column", "group" } } },
            {
                "splits", new YamlMappingNode
                {
                    { "validation", Share(count, ValidationShare) },
                    { "training_pool", Share(count, TrainingPoolShare) },
                    { "test", Share(count, TestShare) },
                }
            },
            { "seed", BenchmarkSuite.Seed.ToString(CultureInfo.InvariantCulture) },
        };

        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        text.WriteLine($"# Built by `distillery datasets build` from the {definition.Corpus} corpus; rebuild rather than edit (make data).");
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        var yaml = text.ToString();
        // YamlStream ends every document with an explicit "..." marker; a single-document file needs none.
        return yaml.EndsWith("...\n", StringComparison.Ordinal) ? yaml[..^4] : yaml;
    }
    private static string Share(int count, double share) =>
        ((int)Math.Round(count * share, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

}
