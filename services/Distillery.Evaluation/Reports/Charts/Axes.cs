using System.Globalization;

namespace Distillery.Evaluation.Reports.Charts;

/// <summary>Grid lines, tick labels and axis titles, drawn the same way in every chart.</summary>
internal static class Axes
{
    private const double TickSize = 11;

    /// <summary>A value axis along the bottom of a plot: vertical grid lines, tick labels under it and a title below those.</summary>
    public static void Horizontal(Svg svg, LinearScale x, double top, double bottom, IReadOnlyList<double> ticks, Func<double, string> label, string? title)
    {
        foreach (var tick in ticks)
        {
            var at = x.Map(tick);
            svg.Line(at, top, at, bottom, Svg.Grid);
            svg.Text(at, bottom + 12, label(tick), anchor: "middle", size: TickSize, fill: Svg.Muted);
        }

        svg.Line(x.RangeMin, bottom, x.RangeMax, bottom, Svg.Muted);
        if (title is not null)
        {
            svg.Text((x.RangeMin + x.RangeMax) / 2, bottom + 32, title, anchor: "middle", size: 12);
        }
    }

    /// <summary>A value axis up the left of a plot: horizontal grid lines, tick labels left of it and a title turned on its side.</summary>
    public static void Vertical(Svg svg, LinearScale y, double left, double right, IReadOnlyList<double> ticks, Func<double, string> label, string? title)
    {
        foreach (var tick in ticks)
        {
            var at = y.Map(tick);
            svg.Line(left, at, right, at, Svg.Grid);
            svg.Text(left - 6, at, label(tick), anchor: "end", size: TickSize, fill: Svg.Muted);
        }

        svg.Line(left, y.RangeMin, left, y.RangeMax, Svg.Muted);
        if (title is not null)
        {
            var middle = (y.RangeMin + y.RangeMax) / 2;
            svg.Text(left - 46, middle, title, anchor: "middle", size: 12, rotate: -90);
        }
    }

    /// <summary>A tick label with the decimals the step needs: 0.1 steps give "0.3", 0.05 steps "0.35".</summary>
    public static Func<double, string> Labels(double step, bool signed = false)
    {
        var decimals = step >= 0.1 - 1e-9 ? 1 : step >= 0.01 - 1e-9 ? 2 : 3;
        var format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return value =>
        {
            var text = value.ToString(format, CultureInfo.InvariantCulture);
            return signed && value > 1e-12 ? "+" + text : text.StartsWith('-') && Math.Abs(value) < 1e-12 ? text[1..] : text;
        };
    }
}
