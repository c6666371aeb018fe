namespace Distillery.Contracts.Labeling;

/// <summary>A task's codebook as sent between services: instructions, labels with definitions, few-shot examples.</summary>
public sealed record CodebookSpecification(
    string Instructions,
    IReadOnlyList<CodebookLabel> Labels,
    string? PositiveLabel,
    IReadOnlyList<CodebookExample> Examples);

/// <summary>One label of a codebook and what it means.</summary>
public sealed record CodebookLabel(string Name, string Definition);

/// <summary>A worked example shown to the teacher.</summary>
public sealed record CodebookExample(string Text, string Label);
