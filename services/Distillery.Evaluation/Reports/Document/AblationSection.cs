using Distillery.Evaluation.Reports.Charts;

namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// The noise ablation, when the job ran one: how the teacher-trained student's F1 falls as the
/// simulated teacher's labels get noisier, beside the teacher's own F1 at each noise rate.
/// </summary>
internal static class AblationSection
{
    public static IEnumerable<ReportBlock> Build(JobReport report)
    {
        if (report.Ablations.Count == 0)
        {
            yield break;
        }

        yield return new HeadingBlock(2, "Noise ablation");
        yield return new ParagraphBlock(
            "A simulated teacher flips the human label at each noise rate; the student is trained on its labels and tested on " +
            "human labels. Teacher F1 is the F1 of the noisy labels themselves against the human labels.");
        yield return new ChartBlock("Student and teacher F1 as the teacher's noise rate grows.", () => new NoiseAblationChart(report.Ablations).Render());
        foreach (var curve in report.Ablations)
        {
            yield return new HeadingBlock(3, $"{curve.Task}, student {curve.Student}");
            yield return new TableBlock(
                [
                    new TableColumn("Noise rate", Numeric: true),
                    new TableColumn("Teacher F1", Numeric: true),
                    new TableColumn("Student F1 [CI]", Numeric: true),
                ],
                [
                    .. curve.Points.OrderBy(point => point.NoiseRate).Select(point => (IReadOnlyList<string>)
                    [
                        ReportFormat.Number(point.NoiseRate, 2),
                        ReportFormat.Number(point.TeacherF1),
                        ReportFormat.Estimate(point.StudentF1),
                    ]),
                ]);
        }
    }
}
