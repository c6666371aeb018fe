namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// The title and who did what: the job, its seed, the teacher(s) and the students. A teacher is
/// described by what it is: a simulated teacher is called simulated and never a language model,
/// because a reader comparing with the paper must know whether any LLM was involved.
/// </summary>
internal static class HeaderSection
{
    private const string SimulatedKind = "simulated";

    public static IEnumerable<ReportBlock> Build(JobReport report)
    {
        yield return new HeadingBlock(1, $"Distillery report: {report.Job}");
        yield return new ParagraphBlock(
            $"Job {report.Job}, seed {report.Seed}, {report.Tasks.Count} {(report.Tasks.Count == 1 ? "task" : "tasks")}; report schema {report.SchemaVersion}.");
        yield return new ParagraphBlock($"Teacher: {Describe(report.Teacher)}");
        if (report.SecondTeacher is { } second)
        {
            yield return new ParagraphBlock($"Second teacher: {Describe(second)}");
        }

        yield return new ParagraphBlock($"Students: {(report.Students.Count == 0 ? "none" : string.Join(", ", report.Students))}.");
        if (!IsLanguageModel(report.Teacher))
        {
            yield return new ParagraphBlock(
                $"The teacher {report.Teacher.Name} is not a language model, so the teacher and teacher-student arms show how " +
                "a student fares on its labels, not how an LLM labels. The paper's figures beside ours come from LLM teachers.");
        }
    }

    /// <summary>"name (simulated, not a language model): description".</summary>
    public static string Describe(TeacherDescription teacher)
    {
        var nature = IsLanguageModel(teacher)
            ? $"{teacher.Kind}, a language model"
            : teacher.Kind == SimulatedKind ? "simulated, not a language model" : $"{teacher.Kind}, not a language model";
        var description = string.IsNullOrWhiteSpace(teacher.Description) ? "" : $": {teacher.Description.Trim()}";
        return $"{teacher.Name} ({nature}){description}";
    }

    /// <summary>A simulated teacher is never called a language model, even if a caller set the flag by mistake.</summary>
    private static bool IsLanguageModel(TeacherDescription teacher) => teacher.IsLanguageModel && teacher.Kind != SimulatedKind;
}
