namespace Distillery.Labeling.Teachers;

/// <summary>
/// What produced a batch's labels: the teacher, the model behind it (null for teachers that are
/// not language models) and the prompt version (see <c>ClassificationPrompt.Version</c>).
/// Stored with every label and shown in reports.
/// </summary>
public sealed record TeacherProvenance(string Teacher, string Kind, string? Model, string? PromptVersion);
