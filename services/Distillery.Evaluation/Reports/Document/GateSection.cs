using Distillery.Domain.Jobs;

namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// Step 1 of every task: the teacher against humans on the validation split. For a task that
/// stopped here, the items where they disagree are listed in full, because those are what a
/// researcher reads to refine the codebook before running again.
/// </summary>
internal static class GateSection
{
    public static IEnumerable<ReportBlock> Build(JobReport report)
    {
        yield return new HeadingBlock(2, "Validation gate");
        yield return new ParagraphBlock(
            "Before labelling at scale the teacher labels the validation split and is compared with the human labels; " +
            "below the threshold the task stops.");
        yield return new TableBlock(
            [
                new TableColumn("Task"),
                new TableColumn("Gate"),
                new TableColumn("Result"),
                new TableColumn("Items", Numeric: true),
                new TableColumn("Accuracy", Numeric: true),
                new TableColumn("F1", Numeric: true),
                new TableColumn("Cohen's κ", Numeric: true),
                new TableColumn("Krippendorff's α", Numeric: true),
            ],
            [
                .. report.Tasks.Select(task => (IReadOnlyList<string>)
                [
                    task.Task,
                    $"{task.Gate.GateMetric} ≥ {ReportFormat.Number(task.Gate.Threshold, 2)}",
                    task.Gate.Passed ? "passed" : "failed",
                    ReportFormat.Count(task.Gate.Items),
                    ReportFormat.Number(task.Gate.Accuracy),
                    ReportFormat.Number(task.Gate.F1),
                    ReportFormat.Number(task.Gate.CohensKappa),
                    ReportFormat.Number(task.Gate.KrippendorffsAlpha),
                ]),
            ]);

        foreach (var block in ModeComparison(report))
        {
            yield return block;
        }

        foreach (var task in report.Tasks.Where(task => !task.Gate.Passed))
        {
            yield return new HeadingBlock(3, $"Disagreements: {task.Task}");
            var gate = task.Gate;
            var below = GateValue(gate) is { } value
                ? $"{gate.GateMetric} {ReportFormat.Number(value)} is below {ReportFormat.Number(gate.Threshold, 2)}"
                : $"{gate.GateMetric} is below {ReportFormat.Number(gate.Threshold, 2)}";
            if (gate.Disagreements.Count == 0)
            {
                yield return new ParagraphBlock($"The teacher failed the gate ({below}); no disagreements were recorded.");
                continue;
            }

            yield return new ParagraphBlock(
                $"The teacher failed the gate ({below}). Validation items where teacher and humans disagree " +
                $"({gate.Disagreements.Count} listed), for refining the codebook:");
            yield return new TableBlock(
                [new TableColumn("Id"), new TableColumn("Excerpt"), new TableColumn("Human"), new TableColumn("Teacher")],
                [
                    .. gate.Disagreements.Select(d => (IReadOnlyList<string>)
                        [d.Id, d.Excerpt, d.Human, d.Teacher ?? "(no answer)"]),
                ]);
        }
    }

    /// <summary>For a local teacher with <c>mode: auto</c>: every labelling mode's agreement, and which one labelled the task.</summary>
    private static IEnumerable<ReportBlock> ModeComparison(JobReport report)
    {
        var compared = report.Tasks.Where(task => task.Gate.Modes is { Count: > 1 }).ToList();
        if (compared.Count == 0)
        {
            yield break;
        }

        yield return new HeadingBlock(3, "Labelling modes compared");
        yield return new ParagraphBlock(
            "The local teacher labelled each validation split in every mode: label likelihoods (score), the same divided by the " +
            "model's bias on content-free inputs (calibrated score), and a grammar-constrained answer (generate). " +
            "The mode with the best gate metric labelled the rest of the task.");
        yield return new TableBlock(
            [
                new TableColumn("Task"),
                new TableColumn("Mode"),
                new TableColumn("Accuracy", Numeric: true),
                new TableColumn("F1", Numeric: true),
                new TableColumn("Cohen's κ", Numeric: true),
                new TableColumn("Krippendorff's α", Numeric: true),
                new TableColumn("Abstentions", Numeric: true),
                new TableColumn("Used"),
            ],
            [
                .. compared.SelectMany(task => task.Gate.Modes!.Select(mode => (IReadOnlyList<string>)
                [
                    task.Task,
                    LocalLabelingModes.Describe(mode.Mode),
                    ReportFormat.Number(mode.Accuracy),
                    ReportFormat.Number(mode.F1),
                    ReportFormat.Number(mode.CohensKappa),
                    ReportFormat.Number(mode.KrippendorffsAlpha),
                    ReportFormat.Count(mode.Abstentions),
                    mode.Chosen ? $"chosen ({task.Gate.GateMetric})" : "",
                ])),
            ]);
    }

    /// <summary>The gate's measured value when its metric is one of the four the gate reports, by a forgiving name match.</summary>
    private static double? GateValue(GateReport gate)
    {
        var name = new string([.. gate.GateMetric.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);
        return name switch
        {
            "accuracy" => gate.Accuracy,
            "f1" or "macrof1" => gate.F1,
            "kappa" or "cohenskappa" => gate.CohensKappa,
            "alpha" or "krippendorffsalpha" => gate.KrippendorffsAlpha,
            _ => null,
        };
    }
}
