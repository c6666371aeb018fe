namespace Distillery.Labeling.Persistence;

/// <summary>A label as stored, with everything needed to trace and price it.</summary>
public sealed record StoredLabel(
    string TaskId,
    string DocumentId,
    string Teacher,
    string? Label,
    IReadOnlyList<double>? Probabilities,
    string? RawAnswer,
    string? Model,
    string? PromptVersion,
    int PromptTokens,
    int CompletionTokens,
    bool Cached,
    decimal? CostUsd,
    Guid BatchId);
