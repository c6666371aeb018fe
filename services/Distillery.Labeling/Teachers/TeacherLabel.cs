namespace Distillery.Labeling.Teachers;

/// <summary>
/// A teacher's answer for one text: a label from the codebook, or null when it abstained (the
/// raw answer is kept); per-label probabilities when the teacher gives them; tokens used (zero
/// for an answer from the label cache, which costs nothing) and their price when the teacher has one.
/// </summary>
public sealed record TeacherLabel(
    string Id,
    string? Label,
    IReadOnlyList<double>? Probabilities,
    int PromptTokens = 0,
    int CompletionTokens = 0,
    string? RawAnswer = null,
    bool Cached = false,
    decimal? CostUsd = null);
