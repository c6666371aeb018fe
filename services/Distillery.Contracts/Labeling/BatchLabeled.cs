namespace Distillery.Contracts.Labeling;

/// <summary>
/// Event: every document of the batch has this teacher's label or abstention stored. The
/// counts are read back from the label store, so a redelivered batch publishes the same event.
/// <see cref="CostUsd"/> is null when the teacher's model has no price in the cost table.
/// </summary>
public sealed record BatchLabeled(
    string JobId,
    string TaskId,
    Guid BatchId,
    string Teacher,
    string? Model,
    string? PromptVersion,
    int Documents,
    int Labelled,
    int Abstained,
    int CacheHits,
    long PromptTokens,
    long CompletionTokens,
    decimal? CostUsd)
{
    /// <summary>Every document's stored label with its cost, in document id order.</summary>
    public IReadOnlyList<TeacherLabelRecord> Labels { get; init; } = [];
}
