using System.Text.RegularExpressions;
using Distillery.Domain.Specs;

namespace Distillery.Domain.Tasks;

/// <summary>
/// Reads a task spec (YAML, documented in docs/task-spec.md) and checks it whole before any
/// work starts: every problem is reported with the file, line and column to fix.
/// </summary>
public static partial class TaskSpecReader
{
    public static TaskSpec Load(string path) => Read(SpecFile.Load(path), Path.GetDirectoryName(Path.GetFullPath(path))!);

    /// <summary>Reads a task from a node; relative data paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static TaskSpec Read(SpecNode node, string baseDirectory)
    {
        node.AllowOnly("name", "description", "codebook", "data", "splits", "seed");
        var nameNode = node.Required("name");
        var name = nameNode.NonEmptyText();
        if (!TaskName().IsMatch(name))
        {
            throw nameNode.Error($"task name '{name}' must be lower-case letters, digits and '-' (it names folders and files)");
        }

        return new TaskSpec(
            name,
            node.Optional("description")?.Text(),
            ReadCodebook(node.Required("codebook")),
            ReadData(node.Required("data"), baseDirectory),
            ReadSplits(node.Required("splits")),
            node.Required("seed").Seed());
    }

    private static Codebook ReadCodebook(SpecNode node)
    {
        node.AllowOnly("instructions", "labels", "positive_label", "examples");
        var labelNodes = node.Required("labels").Items();
        var labels = new List<LabelDefinition>();
        foreach (var labelNode in labelNodes)
        {
            labelNode.AllowOnly("name", "definition");
            var labelName = labelNode.Required("name");
            var label = labelName.NonEmptyText().Trim();
            if (labels.Any(existing => existing.Name == label))
            {
                throw labelName.Error($"label '{label}' is defined twice");
            }

            labels.Add(new LabelDefinition(label, labelNode.Required("definition").NonEmptyText().Trim()));
        }

        if (labels.Count < 2)
        {
            throw node.Required("labels").Error($"a codebook needs at least two labels, found {labels.Count}");
        }

        var allowed = string.Join(", ", labels.Select(label => label.Name));
        string? positive = null;
        if (node.Optional("positive_label") is { } positiveNode)
        {
            positive = positiveNode.NonEmptyText().Trim();
            if (labels.All(label => label.Name != positive))
            {
                throw positiveNode.Error($"positive_label '{positive}' is not in the codebook (allowed: {allowed})");
            }
        }
        else if (labels.Count == 2)
        {
            throw node.Error("a binary codebook needs 'positive_label': the class whose precision, recall and F1 are reported");
        }

        var examples = new List<FewShotExample>();
        foreach (var exampleNode in node.Optional("examples")?.Items() ?? [])
        {
            exampleNode.AllowOnly("text", "label");
            var labelNode = exampleNode.Required("label");
            var label = labelNode.NonEmptyText().Trim();
            if (labels.All(known => known.Name != label))
            {
                throw labelNode.Error($"example label '{label}' is not in the codebook (allowed: {allowed})");
            }

            examples.Add(new FewShotExample(exampleNode.Required("text").NonEmptyText(), label));
        }

        return new Codebook(node.Required("instructions").NonEmptyText().Trim(), labels, positive, examples);
    }

    private static DataSourceSpec ReadData(SpecNode node, string baseDirectory)
    {
        node.AllowOnly("path", "format", "id_column", "text_column", "label_column", "group_column", "filter");
        var pathNode = node.Required("path");
        var path = Path.GetFullPath(Path.Combine(baseDirectory, pathNode.NonEmptyText()));
        var format = node.Optional("format") is { } formatNode
            ? formatNode.Text().ToUpperInvariant() switch
            {
                "CSV" => DataFormat.Csv,
                "JSONL" => DataFormat.Jsonl,
                var other => throw formatNode.Error($"format '{other.ToLowerInvariant()}' is not supported; use csv or jsonl"),
            }
            : Path.GetExtension(path).ToUpperInvariant() switch
            {
                ".CSV" => DataFormat.Csv,
                ".JSONL" or ".NDJSON" => DataFormat.Jsonl,
                _ => throw pathNode.Error($"cannot tell the format of '{Path.GetFileName(path)}' from its extension; add 'format: csv' or 'format: jsonl'"),
            };

        DataFilter? filter = null;
        if (node.Optional("filter") is { } filterNode)
        {
            filterNode.AllowOnly("column", "in");
            var values = filterNode.Required("in").Items().Select(item => item.Text()).ToList();
            if (values.Count == 0)
            {
                throw filterNode.Required("in").Error("'filter.in' must list at least one value");
            }

            filter = new DataFilter(filterNode.Required("column").NonEmptyText(), values);
        }

        return new DataSourceSpec(
            path,
            format,
            node.Optional("id_column")?.NonEmptyText() ?? "id",
            node.Optional("text_column")?.NonEmptyText() ?? "text",
            node.Has("label_column") ? node.Optional("label_column")?.NonEmptyText() : "label",
            node.Optional("group_column")?.NonEmptyText(),
            filter,
            pathNode.Location);
    }

    private static SplitSpec ReadSplits(SpecNode node)
    {
        node.AllowOnly("validation", "training_pool", "test");
        return new SplitSpec(Size(node.Required("validation")), Size(node.Required("training_pool")), Size(node.Required("test")));
    }

    /// <summary>A whole number is a count; a number below 1 with a decimal point is a fraction of the labelled documents.</summary>
    private static SplitSize Size(SpecNode node)
    {
        var text = node.Text();
        if (text.Contains('.', StringComparison.Ordinal))
        {
            var fraction = node.Number(min: 0, max: 1);
            return fraction is <= 0 or >= 1
                ? throw node.Error($"'{node.Path}' as a fraction must be between 0 and 1 (exclusive), not {text}")
                : new SplitSize(null, fraction, node.Location);
        }

        return new SplitSize(node.WholeNumber(min: 1), null, node.Location);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex TaskName();
}
