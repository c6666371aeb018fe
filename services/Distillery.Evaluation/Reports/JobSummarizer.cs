using Distillery.Domain.Metrics;
using Distillery.Evaluation.Metrics;

namespace Distillery.Evaluation.Reports;

/// <summary>
/// The job's headline: across completed tasks, the median of (arm A − arm B) for F1, precision
/// and recall, with a percentile bootstrap CI over tasks, beside the paper's figures: 0.039 for
/// human-trained minus teacher-trained student F1, 0.006 for teacher few-shot minus
/// teacher-trained student F1 (Pangakis &amp; Wolken 2024).
/// </summary>
public static class JobSummarizer
{
    public static readonly (string ArmA, string ArmB, double? PaperF1)[] Pairs =
    [
        ("human-student", "teacher-student", 0.039),
        ("teacher", "teacher-student", 0.006),
        ("second-teacher", "teacher-student", null),
    ];

    public static JobSummary Summarize(IReadOnlyList<TaskReport> tasks, BootstrapSettings settings)
    {
        var completed = tasks.Where(task => task.Outcome == TaskOutcome.Completed).ToList();
        var gaps = new List<MedianGap>();
        foreach (var (armA, armB, paper) in Pairs)
        {
            foreach (var (metric, select) in new (string, Func<ArmReport, double>)[] { ("f1", arm => arm.F1.Value), ("precision", arm => arm.Precision.Value), ("recall", arm => arm.Recall.Value) })
            {
                var differences = completed
                    .Select(task => (A: task.Arms.FirstOrDefault(arm => arm.Arm == armA), B: task.Arms.FirstOrDefault(arm => arm.Arm == armB)))
                    .Where(pair => pair.A is not null && pair.B is not null)
                    .Select(pair => select(pair.A!) - select(pair.B!))
                    .ToArray();
                if (differences.Length == 0)
                {
                    continue;
                }

                var interval = Bootstrap.PercentileInterval(differences.Length, items => Median(differences, items), settings);
                gaps.Add(new MedianGap(metric, armA, armB, ArmScorer.ToEstimate(interval), metric == "f1" ? paper : null, differences.Length));
            }
        }

        return new JobSummary(
            completed.Count,
            tasks.Count(task => task.Outcome == TaskOutcome.GateFailed),
            tasks.Count(task => task.Outcome == TaskOutcome.Failed),
            gaps);
    }

    private static double Median(double[] values, ReadOnlySpan<int> items)
    {
        var sample = new double[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            sample[i] = values[items[i]];
        }

        Array.Sort(sample);
        var middle = sample.Length / 2;
        return sample.Length % 2 == 1 ? sample[middle] : (sample[middle - 1] + sample[middle]) / 2;
    }
}
