namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// The job's answer in one table: median differences between arms over tasks, ours beside the
/// paper's, so a reader sees at once whether distillation cost as much here as it did there.
/// </summary>
internal static class SummarySection
{
    public static IEnumerable<ReportBlock> Build(JobReport report)
    {
        var summary = report.Summary;
        yield return new HeadingBlock(2, "Summary");
        yield return new ParagraphBlock(
            $"{summary.TasksCompleted} of {report.Tasks.Count} tasks completed, {summary.TasksGateFailed} stopped at the validation gate, " +
            $"{summary.TasksFailed} failed.");
        if (summary.Gaps.Count == 0)
        {
            yield return new ParagraphBlock("No task completed, so there are no differences between arms to summarise.");
            yield break;
        }

        var level = ReportFormat.Level(summary.Gaps[0].Median.ConfidenceLevel);
        yield return new TableBlock(
            [
                new TableColumn("Metric"),
                new TableColumn("Difference"),
                new TableColumn($"Median over tasks [{level} CI]", Numeric: true),
                new TableColumn("Paper", Numeric: true),
                new TableColumn("Tasks", Numeric: true),
            ],
            [
                .. summary.Gaps.Select(gap => (IReadOnlyList<string>)
                [
                    gap.Metric,
                    $"{gap.ArmA} − {gap.ArmB}",
                    ReportFormat.SignedEstimate(gap.Median),
                    gap.PaperValue is { } paper ? ReportFormat.Signed(paper) : ReportFormat.Missing,
                    ReportFormat.Count(gap.Tasks),
                ]),
            ]);
        yield return new ParagraphBlock(
            "Paper: the medians Pangakis & Wolken (2024) reported for the same differences with LLM teachers, " +
            "where they gave one. A positive difference means the first arm scored higher.");
    }
}
