using Distillery.Domain.Jobs;

namespace Distillery.Evaluation.Reports.Charts;

/// <summary>
/// Chart (b): for each task, the test F1 of the student trained on human labels (x) against the
/// one trained on teacher labels (y), with both confidence intervals and the line y = x. Points
/// below the line are tasks where human labels did better; the distance from the line is the
/// cost of distilling. Both axes share one range so the line runs corner to corner.
/// </summary>
internal sealed class StudentScatterChart(JobReport report)
{
    private const double Plot = 440;
    private const double Left = 78;
    private const double Top = 16;
    private const double LabelRoom = 260;
    private const double LabelSize = 11;
    private const string PointColour = "#0072B2";
    private const string IntervalColour = "#9ec3e0";

    public string Render()
    {
        var pairs = Pairs();
        var (low, high) = Range(pairs);
        var step = high - low > 0.5 ? 0.1 : 0.05;
        var x = new LinearScale(low, high, Left, Left + Plot);
        var y = new LinearScale(low, high, Top + Plot, Top);
        var svg = new Svg(Left + Plot + LabelRoom, Top + Plot + 56, "Teacher-trained against human-trained student F1 per task");

        Axes.Horizontal(svg, x, Top, Top + Plot, x.Ticks(step), Axes.Labels(step), "human-student F1 (trained on human labels)");
        Axes.Vertical(svg, y, Left, Left + Plot, y.Ticks(step), Axes.Labels(step), "teacher-student F1 (trained on teacher labels)");
        svg.Line(x.RangeMax, Top, x.RangeMax, Top + Plot, Svg.Grid);
        svg.Line(x.Map(low), y.Map(low), x.Map(high), y.Map(high), Svg.Muted, 1.5, ChartLegend.DashPattern, "y = x: both students equally good");
        // Along the line, near its top end, set just below it so the dashes do not cross the letters.
        var (labelX, labelY) = (x.Map(low + (0.88 * (high - low))) + 8, y.Map(low + (0.88 * (high - low))) + 8);
        svg.Text(labelX, labelY, "y = x", anchor: "middle", size: 12, fill: Svg.Muted, bold: true, rotate: -45);
        svg.Text(Left + 8, Top + 12, "teacher labels better", size: 11, fill: Svg.Muted, italic: true);
        svg.Text(Left + Plot - 8, Top + Plot - 12, "human labels better", anchor: "end", size: 11, fill: Svg.Muted, italic: true);

        if (pairs.Count == 0)
        {
            svg.Text(Left + (Plot / 2), Top + (Plot / 2), "no task has both a human-trained and a teacher-trained student", anchor: "middle", size: 12, fill: Svg.Muted, italic: true);
            return svg.Render();
        }

        var placer = new LabelPlacer(Left + 2, Top + 2, svg.Width - 4, Top + Plot - 2);
        foreach (var pair in pairs)
        {
            DrawInterval(svg, x, y, pair);
            placer.Reserve(x.MapClamped(pair.Human.Value), y.MapClamped(pair.Teacher.Value), 5);
        }

        foreach (var pair in pairs)
        {
            var (px, py) = (x.MapClamped(pair.Human.Value), y.MapClamped(pair.Teacher.Value));
            var tooltip = $"{pair.Label}: human-student F1 {ReportFormat.Estimate(pair.Human)}, teacher-student F1 {ReportFormat.Estimate(pair.Teacher)}";
            svg.Circle(px, py, 4.5, PointColour, stroke: "#ffffff", tooltip: tooltip);
            var (lx, ly, anchor) = placer.Place(px, py, Svg.TextWidth(pair.Label, LabelSize), LabelSize + 2);
            if (Math.Abs(ly - py) > LabelSize)
            {
                svg.Line(px, py, anchor == "start" ? lx - 2 : lx + 2, ly, Svg.Muted, 0.75);
            }

            svg.Text(lx, ly, pair.Label, anchor: anchor, size: LabelSize);
        }

        return svg.Render();
    }

    private static void DrawInterval(Svg svg, LinearScale x, LinearScale y, StudentPair pair)
    {
        var (px, py) = (x.MapClamped(pair.Human.Value), y.MapClamped(pair.Teacher.Value));
        if (double.IsFinite(pair.Human.Lower) && double.IsFinite(pair.Human.Upper))
        {
            svg.Line(x.MapClamped(pair.Human.Lower), py, x.MapClamped(pair.Human.Upper), py, IntervalColour, 1.25);
        }

        if (double.IsFinite(pair.Teacher.Lower) && double.IsFinite(pair.Teacher.Upper))
        {
            svg.Line(px, y.MapClamped(pair.Teacher.Lower), px, y.MapClamped(pair.Teacher.Upper), IntervalColour, 1.25);
        }
    }

    /// <summary>
    /// Per task, the i-th human-trained student beside the i-th teacher-trained one (students run
    /// in the job's order in both arms). Only finite values are plotted.
    /// </summary>
    private List<StudentPair> Pairs()
    {
        var pairs = new List<StudentPair>();
        foreach (var task in report.Tasks)
        {
            var human = task.Arms.Where(arm => arm.Arm == Arm.HumanStudent.Name()).ToList();
            var teacher = task.Arms.Where(arm => arm.Arm == Arm.TeacherStudent.Name()).ToList();
            var count = Math.Min(human.Count, teacher.Count);
            for (var i = 0; i < count; i++)
            {
                if (double.IsFinite(human[i].F1.Value) && double.IsFinite(teacher[i].F1.Value))
                {
                    pairs.Add(new StudentPair(count > 1 ? $"{task.Task} ({teacher[i].Name})" : task.Task, human[i].F1, teacher[i].F1));
                }
            }
        }

        return pairs;
    }

    /// <summary>One range for both axes: the data padded and rounded out to tenths, within 0 to 1, and at least 0.2 wide.</summary>
    private static (double Low, double High) Range(IReadOnlyList<StudentPair> pairs)
    {
        if (pairs.Count == 0)
        {
            return (0, 1);
        }

        var values = pairs.SelectMany(pair => new[] { pair.Human.Value, pair.Teacher.Value }).ToList();
        var low = Math.Clamp(Math.Floor((values.Min() - 0.05) * 10) / 10, 0, 1);
        var high = Math.Clamp(Math.Ceiling((values.Max() + 0.05) * 10) / 10, 0, 1);
        if (high - low < 0.2)
        {
            (low, high) = low <= 0.1 ? (0, 0.2) : high >= 0.9 ? (0.8, 1) : (low - 0.1, high + 0.1);
        }

        return (Math.Round(low, 1), Math.Round(high, 1));
    }

    private sealed record StudentPair(string Label, Estimate Human, Estimate Teacher);
}
