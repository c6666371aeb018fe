namespace Distillery.Domain.Jobs;

/// <summary>What is evaluated on a task's held-out test split.</summary>
public enum Arm
{
    /// <summary>A student trained on the training pool's human labels: the comparison arm.</summary>
    HumanStudent,

    /// <summary>A student trained on the teacher's labels of the training pool: the distilled classifier.</summary>
    TeacherStudent,

    /// <summary>The teacher itself, few-shot, on the test split.</summary>
    Teacher,

    /// <summary>A second teacher (the local LLM in the paper), few-shot, on the test split.</summary>
    SecondTeacher,
}

public static class ArmNames
{
    private static readonly Dictionary<string, Arm> ByName = new(StringComparer.Ordinal)
    {
        ["human-student"] = Arm.HumanStudent,
        ["teacher-student"] = Arm.TeacherStudent,
        ["teacher"] = Arm.Teacher,
        ["second-teacher"] = Arm.SecondTeacher,
    };

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static string Name(this Arm arm) => ByName.First(pair => pair.Value == arm).Key;

    public static bool TryParse(string name, out Arm arm) => ByName.TryGetValue(name, out arm);

    /// <summary>
    /// A student arm's name in a report: the arm's alone when the job has one student, else
    /// <c>arm/student</c>, so each student's arms stay apart.
    /// </summary>
    public static string ReportName(this Arm arm, string student, int students) =>
        students == 1 ? arm.Name() : $"{arm.Name()}/{student}";
}
