namespace Distillery.Contracts.Labeling;

/// <summary>Which teacher labels: its kind, the name the job gave it, and its settings as text (validated by the Labeling service). Never holds a secret: API keys are read from the service's environment.</summary>
public sealed record TeacherSpecification(string Kind, string Name, IReadOnlyDictionary<string, string> Settings);
