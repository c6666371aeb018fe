namespace Distillery.Evaluation.Reports.Charts;

/// <summary>
/// Chart (d): the paper's noisy-label ablation. For each curve, the teacher-trained student's
/// test F1 (solid, with confidence whiskers) and the noisy teacher's own F1 (dashed, hollow
/// markers) against the noise rate, so one sees how much noise a student absorbs before it
/// falls with its teacher.
/// </summary>
internal sealed class NoiseAblationChart(IReadOnlyList<AblationCurve> curves)
{
    private const double Width = 960;
    private const double Left = 70;
    private const double Top = 16;
    private const double PlotWidth = 600;
    private const double PlotHeight = 360;
    private const double LegendSize = 12;

    public string Render()
    {
        var legendLeft = Left + PlotWidth + 24;
        var height = Math.Max(Top + PlotHeight + 56, Top + 24 + ((curves.Count + 3) * 22));
        var svg = new Svg(Width, height, "Student and teacher F1 against the teacher's noise rate");
        var maximum = curves.SelectMany(curve => curve.Points).Select(point => point.NoiseRate).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var noiseEnd = Math.Clamp(Math.Round(Math.Ceiling((maximum * 10) - 1e-9) / 10, 1), 0.1, 1);
        var step = noiseEnd <= 0.3 ? 0.05 : 0.1;
        var x = new LinearScale(0, noiseEnd, Left, Left + PlotWidth);
        var y = new LinearScale(0, 1, Top + PlotHeight, Top);
        Axes.Horizontal(svg, x, Top, Top + PlotHeight, x.Ticks(step), Axes.Labels(step), "teacher noise rate (share of labels flipped)");
        Axes.Vertical(svg, y, Left, Left + PlotWidth, y.Ticks(0.1), Axes.Labels(0.1), "F1 on the test split");

        if (curves.Count == 0)
        {
            svg.Text(Left + (PlotWidth / 2), Top + (PlotHeight / 2), "no ablation was run", anchor: "middle", size: 12, fill: Svg.Muted, italic: true);
        }

        for (var i = 0; i < curves.Count; i++)
        {
            DrawCurve(svg, curves[i], ChartPalette.Colour(i), x, y);
        }

        DrawLegend(svg, legendLeft);
        return svg.Render();
    }

    private static void DrawCurve(Svg svg, AblationCurve curve, string colour, LinearScale x, LinearScale y)
    {
        var points = curve.Points.Where(point => double.IsFinite(point.NoiseRate)).OrderBy(point => point.NoiseRate).ToList();
        var name = $"{curve.Task}, {curve.Student}";
        var teacher = points.Where(point => double.IsFinite(point.TeacherF1)).Select(point => (x.MapClamped(point.NoiseRate), y.MapClamped(point.TeacherF1))).ToList();
        var student = points.Where(point => double.IsFinite(point.StudentF1.Value)).ToList();
        svg.Polyline(teacher, colour, 1.75, ChartLegend.DashPattern);
        svg.Polyline(student.Select(point => (x.MapClamped(point.NoiseRate), y.MapClamped(point.StudentF1.Value))), colour, 2.25);

        foreach (var point in points.Where(point => double.IsFinite(point.TeacherF1)))
        {
            svg.Rect(x.MapClamped(point.NoiseRate) - 3.5, y.MapClamped(point.TeacherF1) - 3.5, 7, 7, "#ffffff", colour,
                $"{name}, noise {ReportFormat.Number(point.NoiseRate, 2)}: teacher F1 {ReportFormat.Number(point.TeacherF1)}");
        }

        foreach (var point in student)
        {
            var (px, py) = (x.MapClamped(point.NoiseRate), y.MapClamped(point.StudentF1.Value));
            var tooltip = $"{name}, noise {ReportFormat.Number(point.NoiseRate, 2)}: student F1 {ReportFormat.Estimate(point.StudentF1)}";
            if (double.IsFinite(point.StudentF1.Lower) && double.IsFinite(point.StudentF1.Upper))
            {
                var (lower, upper) = (y.MapClamped(point.StudentF1.Lower), y.MapClamped(point.StudentF1.Upper));
                svg.Line(px, lower, px, upper, colour, 1.5);
                svg.Line(px - 3, lower, px + 3, lower, colour, 1.5);
                svg.Line(px - 3, upper, px + 3, upper, colour, 1.5);
            }

            svg.Circle(px, py, 4, colour, stroke: "#ffffff", tooltip: tooltip);
        }
    }

    /// <summary>A vertical legend beside the plot: one colour per curve, then what solid and dashed mean.</summary>
    private void DrawLegend(Svg svg, double left)
    {
        var y = Top + 10;
        var room = Width - left - 36;
        for (var i = 0; i < curves.Count; i++, y += 22)
        {
            var label = $"{curves[i].Task}, {curves[i].Student}";
            ChartLegend.Mark(svg, left, y, new LegendItem(label, ChartPalette.Colour(i), LegendMark.Line));
            var fitted = Svg.Fit(label, room, LegendSize);
            svg.Text(left + 28, y, fitted, size: LegendSize, tooltip: fitted == label ? null : label);
        }

        y += 10;
        ChartLegend.Mark(svg, left, y, new LegendItem("", Svg.Ink, LegendMark.Line));
        svg.Text(left + 28, y, "student on teacher labels", size: LegendSize);
        y += 22;
        ChartLegend.Mark(svg, left, y, new LegendItem("", Svg.Ink, LegendMark.DashedLine));
        svg.Text(left + 28, y, "teacher's own labels", size: LegendSize);
    }
}
