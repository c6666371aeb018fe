namespace Distillery.Contracts.Training;

/// <summary>Which student to train: its kind, the name the job gave it, and its settings as text (validated by the Training service).</summary>
public sealed record StudentSpecification(string Kind, string Name, IReadOnlyDictionary<string, string> Settings);
