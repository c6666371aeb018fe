namespace Distillery.Contracts.Labeling;

/// <summary>A label recorded earlier (by a language model in another run, say), with its per-label probabilities when recorded.</summary>
public sealed record ReplayedLabel(string Label, IReadOnlyList<double>? Probabilities);
