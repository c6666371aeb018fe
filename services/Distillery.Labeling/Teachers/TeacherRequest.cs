using Distillery.Domain.Tasks;

namespace Distillery.Labeling.Teachers;

/// <summary>A text to label, by document id. The human label is never part of it: a teacher must not see the answer.</summary>
public sealed record TextToLabel(string Id, string Text);

/// <summary>A batch of texts of one task to label with that task's codebook.</summary>
public sealed record TeacherRequest(string TaskId, Codebook Codebook, IReadOnlyList<TextToLabel> Texts);
