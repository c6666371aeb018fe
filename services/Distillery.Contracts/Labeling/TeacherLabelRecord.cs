namespace Distillery.Contracts.Labeling;

/// <summary>
/// One document's label (null: the teacher abstained) as the Labeling service stored it, with
/// what it cost: the copy that travels in <see cref="BatchLabeled"/>, so no other service reads
/// Labeling's tables.
/// </summary>
public sealed record TeacherLabelRecord(
    string DocumentId,
    string? Label,
    IReadOnlyList<double>? Probabilities,
    int PromptTokens,
    int CompletionTokens,
    bool Cached,
    decimal? CostUsd,
    string? Model,
    string? PromptVersion);
