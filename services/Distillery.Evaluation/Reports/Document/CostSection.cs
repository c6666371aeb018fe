namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// What each arm cost over the whole job, and what the teacher's labelling cost per task: the
/// other half of the distillation trade-off (a cheap student against a paid teacher). Times are
/// reported but vary between runs; <see cref="Timing"/> keeps them out of run-to-run comparisons.
/// </summary>
internal static class CostSection
{
    public static IEnumerable<ReportBlock> Build(JobReport report, IReadOnlyList<ArmSeries> series)
    {
        yield return new HeadingBlock(2, "Costs and times");
        yield return new ParagraphBlock(
            "Totals over the tasks each arm ran on. Times are wall-clock seconds and vary between runs; tokens and money are " +
            "those of the teacher arms.");
        yield return new TableBlock(
            [
                new TableColumn("Arm"),
                new TableColumn("Evaluated"),
                new TableColumn("Tasks", Numeric: true),
                new TableColumn("Training items", Numeric: true),
                new TableColumn("Training time", Numeric: true),
                new TableColumn("Prediction time", Numeric: true),
                new TableColumn("Prompt tokens", Numeric: true),
                new TableColumn("Completion tokens", Numeric: true),
                new TableColumn("Cost (USD)", Numeric: true),
            ],
            [.. series.Select(s => Totals(s, [.. report.Tasks.Select(s.Find).OfType<ArmReport>()]))]);

        yield return new HeadingBlock(3, "Teacher labelling");
        yield return new ParagraphBlock(
            "Which model and prompt version produced each task's labels (the prompt version is a hash of the rendered codebook " +
            "and template, stored with every label). Labels from the cache were paid for by an earlier run and cost nothing here.");
        yield return new TableBlock(
            [
                new TableColumn("Task"),
                new TableColumn("Texts labelled", Numeric: true),
                new TableColumn("Abstentions", Numeric: true),
                new TableColumn("From cache", Numeric: true),
                new TableColumn("Model"),
                new TableColumn("Prompt version"),
                new TableColumn("Prompt tokens", Numeric: true),
                new TableColumn("Completion tokens", Numeric: true),
                new TableColumn("Cost (USD)", Numeric: true),
            ],
            [
                .. report.Tasks.Select(task => (IReadOnlyList<string>)
                [
                    task.Task,
                    ReportFormat.Count(task.TeacherUsage.TextsLabelled),
                    ReportFormat.Count(task.TeacherUsage.Abstentions),
                    ReportFormat.Count(task.TeacherUsage.CacheHits),
                    task.TeacherUsage.Model ?? "–",
                    task.TeacherUsage.PromptVersion ?? "–",
                    ReportFormat.Count(task.TeacherUsage.PromptTokens),
                    ReportFormat.Count(task.TeacherUsage.CompletionTokens),
                    ReportFormat.Money(task.TeacherUsage.CostUsd),
                ]),
            ]);
    }

    private static IReadOnlyList<string> Totals(ArmSeries series, IReadOnlyList<ArmReport> arms) =>
    [
        series.Arm,
        series.Name,
        ReportFormat.Count(arms.Count),
        ReportFormat.Count(arms.Sum(arm => (long)arm.Costs.TrainingItems)),
        ReportFormat.Seconds(arms.Sum(arm => arm.Costs.TrainingSeconds.Seconds)),
        ReportFormat.Seconds(arms.Sum(arm => arm.Costs.PredictionSeconds.Seconds)),
        ReportFormat.Count(arms.Sum(arm => arm.Costs.PromptTokens)),
        ReportFormat.Count(arms.Sum(arm => arm.Costs.CompletionTokens)),
        TotalCost([.. arms.Select(arm => arm.Costs.CostUsd)]),
    ];

    /// <summary>The sum when every cost is known; "at least" the known part when some are not.</summary>
    private static string TotalCost(IReadOnlyList<decimal?> costs)
    {
        var known = costs.OfType<decimal>().ToList();
        return known.Count == costs.Count ? ReportFormat.Money(known.Sum())
            : known.Count == 0 ? "unknown"
            : $"≥ {ReportFormat.Money(known.Sum())} (some unknown)";
    }
}
