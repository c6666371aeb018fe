using System.Text.Encodings.Web;
using System.Text.Json;

namespace Distillery.Cli.Local;

/// <summary>
/// Writes the labels a teacher gave to a task's documents as <c>labels/&lt;task&gt;.jsonl</c>
/// (<c>id</c>, <c>label</c>, sorted by id): the provenance of every label a student learnt from,
/// and exactly the file a <c>replay</c> teacher reads.
/// </summary>
internal static class TeacherLabelsFile
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string outputFolder, string task, IEnumerable<(string Id, string? Label)> labels)
    {
        var folder = Path.Combine(outputFolder, "labels");
        Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(Path.Combine(folder, $"{task}.jsonl")) { NewLine = "\n" };
        foreach (var (id, label) in labels.Where(label => label.Label is not null).OrderBy(label => label.Id, StringComparer.Ordinal))
        {
            writer.WriteLine(JsonSerializer.Serialize(new { id, label }, Json));
        }
    }
}
