namespace Distillery.Labeling.Teachers;

/// <summary>
/// One way the job's teacher can label a task, for the validation gate to compare: a local
/// model's labelling mode (score, calibrated_score, generate), or, for every other teacher, the
/// teacher itself with no mode.
/// </summary>
public sealed record TeacherCandidate(string? Mode, ITeacher Teacher);
