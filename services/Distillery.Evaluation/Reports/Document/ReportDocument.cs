namespace Distillery.Evaluation.Reports.Document;

/// <summary>The whole report as format-free blocks, in reading order; report.md and report.html both render this.</summary>
internal static class ReportDocument
{
    public static IReadOnlyList<ReportBlock> Build(JobReport report)
    {
        var series = ArmSeries.In(report);
        return
        [
            .. HeaderSection.Build(report),
            .. SummarySection.Build(report),
            .. TaskResultsSection.Build(report, series),
            .. ComparisonSection.Build(report, series),
            .. GateSection.Build(report),
            .. CostSection.Build(report, series),
            .. AblationSection.Build(report),
        ];
    }
}
