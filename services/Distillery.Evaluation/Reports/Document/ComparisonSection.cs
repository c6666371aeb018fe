using Distillery.Domain.Jobs;
using Distillery.Evaluation.Reports.Charts;

namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// Arms compared on the same test items, and every metric of every arm. The paper found that
/// LLM-trained students had higher recall and lower precision than human-trained ones; the
/// precision and recall differences here (and their chart) show whether this job agrees.
/// </summary>
internal static class ComparisonSection
{
    public static IEnumerable<ReportBlock> Build(JobReport report, IReadOnlyList<ArmSeries> series)
    {
        yield return new HeadingBlock(2, "Precision and recall");
        yield return new ParagraphBlock(
            "Arm A minus arm B on the same test items: the F1 difference with a paired bootstrap confidence interval and a one-sided " +
            "p-value (that A is not better than B), and the differences in precision and recall.");
        yield return new TableBlock(
            [
                new TableColumn("Task"),
                new TableColumn("A − B"),
                new TableColumn("F1 difference [CI]", Numeric: true),
                new TableColumn("p (one-sided)", Numeric: true),
                new TableColumn("Precision difference", Numeric: true),
                new TableColumn("Recall difference", Numeric: true),
            ],
            [
                .. report.Tasks.SelectMany(task => task.Comparisons.Select(comparison => (IReadOnlyList<string>)
                [
                    task.Task,
                    $"{comparison.ArmA} − {comparison.ArmB}",
                    ReportFormat.SignedEstimate(comparison.F1Difference),
                    ReportFormat.Probability(comparison.OneSidedPValue),
                    ReportFormat.Signed(comparison.PrecisionDifference),
                    ReportFormat.Signed(comparison.RecallDifference),
                ])),
            ]);
        // One chart per student, each against its own human-trained twin.
        var distilledArms = ArmPairs.Distilled(report.Tasks.SelectMany(task => task.Arms).Select(arm => arm.Arm));
        foreach (var distilled in distilledArms.DefaultIfEmpty(Arm.TeacherStudent.Name()))
        {
            var student = distilledArms.Count > 1 ? $" ({distilled})" : "";
            yield return new ChartBlock(
                $"Precision and recall differences per task{student}: teacher-trained minus human-trained student, and teacher minus teacher-trained student.",
                () => new PrecisionRecallDifferenceChart(report, distilled).Render());
        }

        yield return new HeadingBlock(3, "All metrics");
        yield return new TableBlock(
            [
                new TableColumn("Task"),
                new TableColumn("Arm"),
                new TableColumn("Test items", Numeric: true),
                new TableColumn("Accuracy", Numeric: true),
                new TableColumn("Precision", Numeric: true),
                new TableColumn("Recall", Numeric: true),
                new TableColumn("F1", Numeric: true),
            ],
            [
                .. report.Tasks.SelectMany(task => series
                    .Select(s => (Series: s, Arm: s.Find(task)))
                    .Where(pair => pair.Arm is not null)
                    .Select(pair => (IReadOnlyList<string>)
                    [
                        task.Task,
                        pair.Series.Label,
                        ReportFormat.Count(pair.Arm!.TestItems),
                        ReportFormat.Estimate(pair.Arm.Accuracy),
                        ReportFormat.Estimate(pair.Arm.Precision),
                        ReportFormat.Estimate(pair.Arm.Recall),
                        ReportFormat.Estimate(pair.Arm.F1),
                    ])),
            ]);
    }
}
