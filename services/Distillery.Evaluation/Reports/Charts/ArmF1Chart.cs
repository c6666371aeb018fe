namespace Distillery.Evaluation.Reports.Charts;

/// <summary>
/// Chart (a): one row per task, one dot per arm at its test F1 with a whisker for the
/// confidence interval, on a shared 0 to 1 axis. Rows run down the page so task names stay
/// horizontal and legible however many tasks there are; a task without results says why.
/// </summary>
internal sealed class ArmF1Chart(JobReport report, IReadOnlyList<ArmSeries> series)
{
    private const double Width = 960;
    private const double RightMargin = 28;

    public string Render()
    {
        var labelWidth = TaskRows.LabelWidth(report.Tasks);
        var rowHeight = Math.Max(26, (10 * series.Count) + 12);
        var legend = series.Select((s, i) => new LegendItem(s.Label, ChartPalette.Colour(i), LegendMark.Dot)).ToList();

        var plotTop = ChartLegend.Bottom(labelWidth, 8, Width - RightMargin, legend) + 10;
        var plotBottom = plotTop + (Math.Max(1, report.Tasks.Count) * rowHeight);
        var svg = new Svg(Width, plotBottom + 50, "F1 of each arm per task, with confidence intervals");
        ChartLegend.Draw(svg, labelWidth, 8, Width - RightMargin, legend);
        var x = new LinearScale(0, 1, labelWidth + 10, Width - RightMargin);

        for (var row = 0; row < report.Tasks.Count; row++)
        {
            if (row % 2 == 0)
            {
                svg.Rect(x.RangeMin, plotTop + (row * rowHeight), x.RangeMax - x.RangeMin, rowHeight, Svg.Band);
            }
        }

        Axes.Horizontal(svg, x, plotTop, plotBottom, x.Ticks(0.1), Axes.Labels(0.1), $"F1 on the test split, with {Level()} confidence intervals");
        if (report.Tasks.Count == 0)
        {
            TaskRows.Note(svg, x.RangeMin + 8, plotTop + (rowHeight / 2), "no tasks");
        }

        for (var row = 0; row < report.Tasks.Count; row++)
        {
            DrawTask(svg, report.Tasks[row], x, plotTop + (row * rowHeight), rowHeight, labelWidth);
        }

        return svg.Render();
    }

    private void DrawTask(Svg svg, TaskReport task, LinearScale x, double top, double rowHeight, double labelWidth)
    {
        TaskRows.Label(svg, task, labelWidth, top + (rowHeight / 2), labelWidth);
        var drawn = 0;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Find(task) is not { } arm || !double.IsFinite(arm.F1.Value))
            {
                continue;
            }

            var y = top + ((i + 1) * rowHeight / (series.Count + 1));
            var colour = ChartPalette.Colour(i);
            var tooltip = $"{task.Task}, {series[i].Label}: F1 {ReportFormat.Estimate(arm.F1)}";
            if (double.IsFinite(arm.F1.Lower) && double.IsFinite(arm.F1.Upper))
            {
                var (lower, upper) = (x.MapClamped(arm.F1.Lower), x.MapClamped(arm.F1.Upper));
                svg.Line(lower, y, upper, y, colour, 1.5, tooltip: tooltip);
                svg.Line(lower, y - 3, lower, y + 3, colour, 1.5);
                svg.Line(upper, y - 3, upper, y + 3, colour, 1.5);
            }

            svg.Circle(x.MapClamped(arm.F1.Value), y, 4, colour, stroke: "#ffffff", tooltip: tooltip);
            drawn++;
        }

        if (drawn == 0)
        {
            TaskRows.Note(svg, x.RangeMin + 8, top + (rowHeight / 2), TaskRows.WhyEmpty(task));
        }
    }

    private string Level() =>
        report.Tasks.SelectMany(task => task.Arms).Select(arm => ReportFormat.Level(arm.F1.ConfidenceLevel)).FirstOrDefault() ?? "their";
}
