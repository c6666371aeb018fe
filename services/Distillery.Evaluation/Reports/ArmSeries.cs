using Distillery.Domain.Jobs;

namespace Distillery.Evaluation.Reports;

/// <summary>
/// One column of the per-task tables and one colour in the charts: an arm (human-student,
/// teacher-student, teacher, second-teacher) and the name of who was evaluated in it. With one
/// student each arm is one series; with several students an arm has one series per student,
/// and the label names the student too.
/// </summary>
internal sealed record ArmSeries(string Arm, string Name, string Label)
{
    /// <summary>The series of a job in the order arms are defined (human-student first), then by first appearance.</summary>
    public static IReadOnlyList<ArmSeries> In(JobReport report)
    {
        var pairs = report.Tasks
            .SelectMany(task => task.Arms)
            .Select(arm => (arm.Arm, arm.Name))
            .Distinct()
            .ToList();
        return
        [
            .. pairs
                .Select((pair, appearance) => (pair, appearance))
                .OrderBy(item => Rank(item.pair.Arm))
                .ThenBy(item => item.appearance)
                .Select(item => new ArmSeries(
                    item.pair.Arm,
                    item.pair.Name,
                    pairs.Count(other => other.Arm == item.pair.Arm) > 1 ? $"{item.pair.Arm} ({item.pair.Name})" : item.pair.Arm)),
        ];
    }

    /// <summary>This series' result on a task, or null where the task has no such arm (it stopped at the gate, say).</summary>
    public ArmReport? Find(TaskReport task) => task.Arms.FirstOrDefault(arm => arm.Arm == Arm && arm.Name == Name);

    /// <summary>Known arms in their defined order; arms this version does not know come last.</summary>
    private static int Rank(string arm) => ArmNames.TryParse(arm, out var known) ? (int)known : int.MaxValue;
}
