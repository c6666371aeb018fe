using System.Globalization;
using Distillery.Domain.Jobs;
using Distillery.Evaluation.Reports;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// The noise ablation inside a task's stages: at each rate a simulated teacher labels the pool
/// and the test split beside the job's teacher, the ablation's student trains on those labels
/// beside the job's students, and the Evaluation service scores both as arms named here. The
/// report takes those arms out of the task's arms and draws them as the task's ablation curve,
/// as a local run does. Only tasks whose teacher passed the gate reach these stages.
/// </summary>
internal static class AblationArms
{
    private const string Prefix = "ablation-";

    /// <summary>The noise rates the ablation runs on <paramref name="taskName"/>; none when it is not an ablation task.</summary>
    public static IReadOnlyList<double> Rates(V1.JobSpec spec, string taskName) =>
        spec.Ablation is { } ablation && ablation.Tasks.Contains(taskName) ? [.. ablation.NoiseRates] : [];

    /// <summary>The ablation's teacher at <paramref name="rate"/>, as a batch carries it: every class flipped alike.</summary>
    public static V1.Component Teacher(double rate) => new()
    {
        Kind = "simulated",
        Name = AblationSpec.TeacherName(rate),
        Settings = { ["flip_rate"] = rate.ToString("R", CultureInfo.InvariantCulture) },
    };

    public static V1.Component Student(V1.JobSpec spec) =>
        spec.Students.Single(student => Jobs.JobSpecValidator.StudentName(student) == spec.Ablation.Student);

    public static string StudentArm(double rate) => AblationSpec.Arm(rate) + "/student";

    public static string TeacherArm(double rate) => AblationSpec.Arm(rate) + "/teacher";

    public static bool IsAblation(ArmReport arm) => arm.Arm.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The task's curve from its evaluated arms; null when the task is not an ablation task or was not evaluated.</summary>
    public static AblationCurve? Curve(V1.JobSpec spec, string taskName, IReadOnlyList<ArmReport> arms)
    {
        var rates = Rates(spec, taskName);
        var byName = arms.Where(IsAblation).ToDictionary(arm => arm.Arm, StringComparer.Ordinal);
        if (rates.Count == 0 || !rates.All(rate => byName.ContainsKey(StudentArm(rate)) && byName.ContainsKey(TeacherArm(rate))))
        {
            return null;
        }

        return new AblationCurve(taskName, spec.Ablation.Student,
            [.. rates.Select(rate => new AblationPoint(rate, byName[TeacherArm(rate)].F1.Value, byName[StudentArm(rate)].F1))]);
    }
}
