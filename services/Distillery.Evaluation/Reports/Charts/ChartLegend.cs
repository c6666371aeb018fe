namespace Distillery.Evaluation.Reports.Charts;

/// <summary>A legend laid out left to right, wrapping onto further rows when it would overflow the chart.</summary>
internal static class ChartLegend
{
    public const string DashPattern = "6 4";
    private const double Size = 12;
    private const double RowHeight = 20;

    /// <summary>The y just below the legend, without drawing it: charts size themselves before they draw.</summary>
    public static double Bottom(double left, double top, double right, IReadOnlyList<LegendItem> items) =>
        Layout(left, top, right, items).Bottom;

    /// <summary>Draws the entries starting at (<paramref name="left"/>, <paramref name="top"/>) and returns the y just below the legend.</summary>
    public static double Draw(Svg svg, double left, double top, double right, IReadOnlyList<LegendItem> items)
    {
        var (positions, bottom) = Layout(left, top, right, items);
        foreach (var (item, (x, y)) in items.Zip(positions))
        {
            Mark(svg, x, y, item);
            svg.Text(x + 28, y, item.Label, size: Size);
        }

        return bottom;
    }

    public static void Mark(Svg svg, double x, double y, LegendItem item)
    {
        switch (item.Mark)
        {
            case LegendMark.Dot:
                svg.Line(x + 2, y, x + 20, y, item.Colour, 1.5);
                svg.Circle(x + 11, y, 4, item.Colour);
                break;
            case LegendMark.Square:
                svg.Rect(x + 4, y - 6, 14, 12, item.Colour);
                break;
            case LegendMark.Line:
                svg.Line(x, y, x + 22, y, item.Colour, 2.5);
                break;
            case LegendMark.DashedLine:
                svg.Line(x, y, x + 22, y, item.Colour, 2, DashPattern);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(item), item.Mark, "unknown legend mark");
        }
    }

    private static (IReadOnlyList<(double X, double Y)> Positions, double Bottom) Layout(double left, double top, double right, IReadOnlyList<LegendItem> items)
    {
        var positions = new List<(double X, double Y)>(items.Count);
        var x = left;
        var y = top + (RowHeight / 2);
        foreach (var item in items)
        {
            var width = 28 + Svg.TextWidth(item.Label, Size) + 18;
            if (x > left && x + width > right)
            {
                x = left;
                y += RowHeight;
            }

            positions.Add((x, y));
            x += width;
        }

        return (positions, items.Count == 0 ? top : y + (RowHeight / 2));
    }
}
