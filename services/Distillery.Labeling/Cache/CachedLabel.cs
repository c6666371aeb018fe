namespace Distillery.Labeling.Cache;

/// <summary>A label as the teacher first gave it, with the tokens that first answer cost.</summary>
public sealed record CachedLabel(string Label, IReadOnlyList<double>? Probabilities, string? RawAnswer, int PromptTokens, int CompletionTokens);
