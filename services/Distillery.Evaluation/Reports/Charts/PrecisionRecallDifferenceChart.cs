using Distillery.Domain.Jobs;

namespace Distillery.Evaluation.Reports.Charts;

/// <summary>
/// Chart (c): per task, bars from zero for the precision and recall differences of two
/// comparisons side by side: teacher-student minus human-student (what distilling changed) and
/// teacher minus teacher-student (what the student lost against its teacher). The paper's LLM
/// students showed recall above and precision below the human-trained ones: recall bars to the
/// right and precision bars to the left in the first panel. With several students, one chart per
/// student: <paramref name="distilled"/> is its teacher-trained arm.
/// </summary>
internal sealed class PrecisionRecallDifferenceChart(JobReport report, string distilled)
{
    private const double Width = 960;
    private const double RowHeight = 26;
    private const double PanelGap = 60;
    private const double RightMargin = 20;

    private readonly (string A, string B)[] _panels =
    [
        (distilled, ArmPairs.HumanStudentBeside(distilled)),
        (Arm.Teacher.Name(), distilled),
    ];

    private static readonly LegendItem[] Legend =
    [
        new("precision difference", ChartPalette.Precision, LegendMark.Square),
        new("recall difference", ChartPalette.Recall, LegendMark.Square),
    ];

    public string Render()
    {
        var labelWidth = TaskRows.LabelWidth(report.Tasks);
        var panelWidth = (Width - labelWidth - 10 - RightMargin - PanelGap) / 2;
        var legendBottom = ChartLegend.Bottom(labelWidth, 8, Width - RightMargin, Legend);
        var plotTop = legendBottom + 28;
        var plotBottom = plotTop + (Math.Max(1, report.Tasks.Count) * RowHeight);
        var svg = new Svg(Width, plotBottom + 50, "Precision and recall differences per task");
        ChartLegend.Draw(svg, labelWidth, 8, Width - RightMargin, Legend);

        var extent = Extent();
        var step = extent / 2;
        for (var panel = 0; panel < _panels.Length; panel++)
        {
            var left = labelWidth + 10 + (panel * (panelWidth + PanelGap));
            var x = new LinearScale(-extent, extent, left, left + panelWidth);
            var (a, b) = _panels[panel];
            svg.Text((x.RangeMin + x.RangeMax) / 2, plotTop - 14, $"{a} − {b}", anchor: "middle", size: 12, bold: true);
            for (var row = 0; row < report.Tasks.Count; row += 2)
            {
                svg.Rect(x.RangeMin, plotTop + (row * RowHeight), panelWidth, RowHeight, Svg.Band);
            }

            Axes.Horizontal(svg, x, plotTop, plotBottom, x.Ticks(step), Axes.Labels(step, signed: true), "difference (A − B)");
            svg.Line(x.Map(0), plotTop, x.Map(0), plotBottom, Svg.Muted, 1.25);
            for (var row = 0; row < report.Tasks.Count; row++)
            {
                DrawRow(svg, report.Tasks[row], x, plotTop + (row * RowHeight), a, b);
            }
        }

        if (report.Tasks.Count == 0)
        {
            TaskRows.Note(svg, labelWidth + 18, plotTop + (RowHeight / 2), "no tasks");
        }

        for (var row = 0; row < report.Tasks.Count; row++)
        {
            TaskRows.Label(svg, report.Tasks[row], labelWidth, plotTop + ((row + 0.5) * RowHeight), labelWidth);
        }

        return svg.Render();
    }

    private static void DrawRow(Svg svg, TaskReport task, LinearScale x, double top, string a, string b)
    {
        if (Difference(task, a, b) is not { } difference)
        {
            var note = task.Arms.Count == 0 ? TaskRows.WhyEmpty(task) : "no comparison";
            TaskRows.Note(svg, x.RangeMin + 6, top + (RowHeight / 2), note);
            return;
        }

        var label = $"{task.Task}, {a} − {b}";
        Bar(svg, x, difference.Precision, top + 5, ChartPalette.Precision, $"{label}: precision {ReportFormat.Signed(difference.Precision)}");
        Bar(svg, x, difference.Recall, top + 14, ChartPalette.Recall, $"{label}: recall {ReportFormat.Signed(difference.Recall)}");
    }

    /// <summary>A bar from zero to the value; a value of zero still shows as a thin tick so it is not mistaken for missing.</summary>
    private static void Bar(Svg svg, LinearScale x, double value, double top, string colour, string tooltip)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        var (zero, end) = (x.Map(0), x.MapClamped(value));
        var (from, to) = (Math.Min(zero, end), Math.Max(zero, end));
        if (to - from < 2)
        {
            (from, to) = (zero - 1, zero + 1);
        }

        svg.Rect(from, top, to - from, 7, colour, tooltip: tooltip);
    }

    /// <summary>A − B from the task's comparisons, negating a B − A comparison when that is what the task holds.</summary>
    private static (double Precision, double Recall)? Difference(TaskReport task, string a, string b)
    {
        if (task.Comparisons.FirstOrDefault(c => c.ArmA == a && c.ArmB == b) is { } direct)
        {
            return (direct.PrecisionDifference, direct.RecallDifference);
        }

        return task.Comparisons.FirstOrDefault(c => c.ArmA == b && c.ArmB == a) is { } reverse
            ? (-reverse.PrecisionDifference, -reverse.RecallDifference)
            : null;
    }

    /// <summary>Half the axis width: the largest difference rounded up to 0.05, so every panel shares one scale.</summary>
    private double Extent()
    {
        var largest = report.Tasks
            .SelectMany(task => task.Comparisons)
            .SelectMany(c => new[] { c.PrecisionDifference, c.RecallDifference })
            .Where(double.IsFinite)
            .Select(Math.Abs)
            .DefaultIfEmpty(0)
            .Max();
        return Math.Clamp(Math.Round(Math.Ceiling((largest / 0.05) - 1e-9) * 0.05, 2), 0.05, 1);
    }
}
