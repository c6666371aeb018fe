using Distillery.Evaluation.Reports.Charts;

namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// What each task is and how every arm scored on its test split: the per-task F1 table with
/// confidence intervals and the two charts drawn from it, then the tasks that failed and why.
/// </summary>
internal static class TaskResultsSection
{
    public static IEnumerable<ReportBlock> Build(JobReport report, IReadOnlyList<ArmSeries> series)
    {
        yield return new HeadingBlock(2, "Tasks");
        yield return new TableBlock(
            [
                new TableColumn("Task"),
                new TableColumn("Description"),
                new TableColumn("Labels"),
                new TableColumn("Validation", Numeric: true),
                new TableColumn("Training pool", Numeric: true),
                new TableColumn("Test", Numeric: true),
                new TableColumn("Outcome"),
            ],
            [
                .. report.Tasks.Select(task => (IReadOnlyList<string>)
                [
                    task.Task,
                    task.Description ?? "",
                    Labels(task),
                    ReportFormat.Count(task.Splits.Validation),
                    ReportFormat.Count(task.Splits.TrainingPool),
                    ReportFormat.Count(task.Splits.Test),
                    Outcome(task.Outcome),
                ]),
            ]);

        yield return new HeadingBlock(3, "F1 on the test split");
        yield return new ParagraphBlock(
            $"Each arm on the held-out test split, with {Level(report)}percentile bootstrap confidence intervals. " +
            "For a binary task F1 is that of the positive label; otherwise it is the macro average.");
        yield return new TableBlock(
            [new TableColumn("Task"), .. series.Select(s => new TableColumn(s.Label, Numeric: true))],
            [
                .. report.Tasks.Select(task => (IReadOnlyList<string>)
                [
                    task.Task,
                    .. series.Select(s => s.Find(task) is { } arm ? ReportFormat.Estimate(arm.F1) : ReportFormat.Missing),
                ]),
            ]);
        yield return new ChartBlock("F1 of each arm per task, with confidence intervals.", () => new ArmF1Chart(report, series).Render());
        yield return new ChartBlock(
            "Each task's student trained on teacher labels against the student trained on human labels; below the line, human labels did better.",
            () => new StudentScatterChart(report).Render());

        var failed = report.Tasks.Where(task => task.Outcome == TaskOutcome.Failed).ToList();
        if (failed.Count > 0)
        {
            yield return new HeadingBlock(3, "Failed tasks");
            yield return new TableBlock(
                [new TableColumn("Task"), new TableColumn("Failure")],
                [.. failed.Select(task => (IReadOnlyList<string>)[task.Task, task.Failure ?? "no reason recorded"])]);
        }
    }

    public static string Outcome(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Completed => "completed",
        TaskOutcome.GateFailed => "stopped at the validation gate",
        TaskOutcome.Failed => "failed",
        _ => outcome.ToString(),
    };

    private static string Labels(TaskReport task)
    {
        var labels = string.Join(", ", task.Labels);
        return task.PositiveLabel is { } positive ? $"{labels} (positive: {positive})" : labels;
    }

    /// <summary>"95% " from the first arm's interval, or nothing when no task has an arm.</summary>
    private static string Level(JobReport report) =>
        report.Tasks.SelectMany(task => task.Arms).Select(arm => ReportFormat.Level(arm.F1.ConfidenceLevel) + " ").FirstOrDefault() ?? "";
}
