using Distillery.Domain.Metrics;
using Distillery.Evaluation.Metrics;

namespace Distillery.Evaluation.Reports;

/// <summary>
/// The job's headline: across completed tasks, the median of (arm A − arm B) for F1, precision
/// and recall over each of <see cref="ArmPairs"/>, with a percentile bootstrap CI over tasks,
/// beside the paper's figures where it gave one.
/// </summary>
public static class JobSummarizer
{
    public static JobSummary Summarize(IReadOnlyList<TaskReport> tasks, BootstrapSettings settings)
    {
        var completed = tasks.Where(task => task.Outcome == TaskOutcome.Completed).ToList();
        var gaps = new List<MedianGap>();
        // Every pair some completed task has, in the order the tasks name their arms.
        var pairs = completed.SelectMany(task => ArmPairs.Among(task.Arms.Select(arm => arm.Arm))).Distinct().ToList();
        foreach (var (armA, armB, paper) in pairs)
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
