using Distillery.Domain.Jobs;

namespace Distillery.Evaluation.Reports;

/// <summary>
/// The arm pairs a task compares and the job's summary takes medians of, each against a
/// teacher-trained student: the human-trained student of the same kind minus it (the paper's
/// 0.039 median F1), the teacher minus it (0.006; Pangakis &amp; Wolken 2024), and the second
/// teacher minus it. A job with several students has one set per student (arms named
/// <c>arm/student</c>, <see cref="ArmNames.ReportName"/>), never a student paired with another's.
/// </summary>
public static class ArmPairs
{
    private static readonly string TeacherStudent = Arm.TeacherStudent.Name();

    /// <summary>The pairs whose two arms are both among <paramref name="arms"/>, student by student in the arms' order.</summary>
    public static IReadOnlyList<ArmPair> Among(IEnumerable<string> arms)
    {
        var present = arms.ToList();
        var pairs = new List<ArmPair>();
        foreach (var distilled in Distilled(present))
        {
            pairs.Add(new ArmPair(HumanStudentBeside(distilled), distilled, 0.039));
            pairs.Add(new ArmPair(Arm.Teacher.Name(), distilled, 0.006));
            pairs.Add(new ArmPair(Arm.SecondTeacher.Name(), distilled, null));
        }

        return [.. pairs.Where(pair => present.Contains(pair.ArmA, StringComparer.Ordinal))];
    }

    /// <summary>The teacher-trained student arms among <paramref name="arms"/>, one per student, in order.</summary>
    public static IReadOnlyList<string> Distilled(IEnumerable<string> arms) =>
        [.. arms.Where(arm => arm == TeacherStudent || arm.StartsWith(TeacherStudent + "/", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    /// <summary>The human-trained arm of the same student as the teacher-trained arm <paramref name="distilled"/>.</summary>
    public static string HumanStudentBeside(string distilled) => Arm.HumanStudent.Name() + distilled[TeacherStudent.Length..];
}

/// <summary>Two arms compared on the same test items (A minus B), with the paper's median F1 difference where it gave one.</summary>
public sealed record ArmPair(string ArmA, string ArmB, double? PaperF1);
