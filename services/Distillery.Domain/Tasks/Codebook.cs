namespace Distillery.Domain.Tasks;

/// <summary>
/// What coders are told: the instructions, the label set with definitions, and a few
/// examples. For a binary task, <see cref="PositiveLabel"/> is the class whose precision,
/// recall and F1 are reported.
/// </summary>
public sealed record Codebook(
    string Instructions,
    IReadOnlyList<LabelDefinition> Labels,
    string? PositiveLabel,
    IReadOnlyList<FewShotExample> Examples)
{
    public IReadOnlyList<string> LabelNames { get; } = [.. Labels.Select(label => label.Name)];

    public bool IsBinary => Labels.Count == 2;

    public bool Contains(string label) => LabelNames.Contains(label, StringComparer.Ordinal);

    /// <summary>The allowed labels, for error messages.</summary>
    public string Allowed => string.Join(", ", LabelNames);
}
