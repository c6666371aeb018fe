namespace Distillery.Contracts.Training;

/// <summary>A training item's label from a teacher, with the teacher's per-label probabilities when it gave them (soft labels).</summary>
public sealed record TrainingLabel(string Label, IReadOnlyList<double>? Probabilities);
