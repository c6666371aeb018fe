using System.Globalization;
using System.Net;
using System.Text;

namespace Distillery.Evaluation.Reports.Charts;

/// <summary>
/// A small SVG writer: just the shapes our charts draw. Styling is written as attributes on each
/// element, not CSS classes, so a chart looks the same when copied out of the page. All text and
/// attribute values are HTML-encoded and numbers use the invariant culture, which keeps the
/// output well-formed XML as well as valid HTML.
/// </summary>
internal sealed class Svg(double width, double height, string title)
{
    public const string Ink = "#222222";
    public const string Muted = "#666666";
    public const string Grid = "#e2e2e2";
    public const string Band = "#f4f4f4";
    private const string Fonts = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

    private readonly StringBuilder _content = new();

    public double Width { get; } = width;

    public double Height { get; } = height;

    /// <summary>Roughly how wide text is in a sans-serif font; good enough to lay out labels.</summary>
    public static double TextWidth(string text, double size) => text.Length * size * 0.6;

    /// <summary>The text, cut short with an ellipsis so that it fits in <paramref name="maxWidth"/>.</summary>
    public static string Fit(string text, double maxWidth, double size)
    {
        var fits = (int)Math.Floor(maxWidth / (size * 0.6));
        return text.Length <= fits ? text : fits <= 1 ? "…" : text[..(fits - 1)] + "…";
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null, string? tooltip = null)
    {
        Open("line").Number("x1", x1).Number("y1", y1).Number("x2", x2).Number("y2", y2)
            .Attribute("stroke", stroke).Number("stroke-width", strokeWidth).Attribute("stroke-dasharray", dash);
        Close("line", tooltip);
    }

    public void Rect(double x, double y, double w, double h, string fill, string? stroke = null, string? tooltip = null)
    {
        Open("rect").Number("x", x).Number("y", y).Number("width", Math.Max(0, w)).Number("height", Math.Max(0, h))
            .Attribute("fill", fill).Attribute("stroke", stroke);
        Close("rect", tooltip);
    }

    public void Circle(double cx, double cy, double r, string fill, string? stroke = null, string? tooltip = null)
    {
        Open("circle").Number("cx", cx).Number("cy", cy).Number("r", r).Attribute("fill", fill).Attribute("stroke", stroke);
        if (stroke is not null)
        {
            Number("stroke-width", 1.5);
        }

        Close("circle", tooltip);
    }

    /// <summary>A line through the points; nothing when there are fewer than two.</summary>
    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 2, string? dash = null)
    {
        var list = points.ToList();
        if (list.Count < 2)
        {
            return;
        }

        Open("polyline").Attribute("points", Points(list)).Attribute("fill", "none")
            .Attribute("stroke", stroke).Number("stroke-width", strokeWidth).Attribute("stroke-dasharray", dash)
            .Attribute("stroke-linejoin", "round");
        Close("polyline", tooltip: null);
    }

    /// <summary>
    /// Text whose vertical middle is at <paramref name="y"/> (SVG places the baseline there, and
    /// dominant-baseline is not honoured everywhere, so we shift by a third of the size).
    /// </summary>
    public void Text(
        double x,
        double y,
        string text,
        string anchor = "start",
        double size = 12,
        string fill = Ink,
        bool bold = false,
        bool italic = false,
        double rotate = 0,
        string? tooltip = null)
    {
        var baseline = y + (size * 0.35);
        Open("text").Number("x", x).Number("y", baseline).Attribute("text-anchor", anchor == "start" ? null : anchor)
            .Number("font-size", size).Attribute("fill", fill)
            .Attribute("font-weight", bold ? "bold" : null).Attribute("font-style", italic ? "italic" : null)
            .Attribute("transform", rotate == 0 ? null : $"rotate({N(rotate)} {N(x)} {N(y)})");
        _content.Append('>');
        if (tooltip is not null)
        {
            _content.Append("<title>").Append(WebUtility.HtmlEncode(tooltip)).Append("</title>");
        }

        _content.Append(WebUtility.HtmlEncode(text)).Append("</text>\n");
    }

    public string Render() =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{N(Width)}\" height=\"{N(Height)}\" " +
        $"viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" font-family=\"{Fonts}\">\n" +
        $"<title>{WebUtility.HtmlEncode(title)}</title>\n" +
        $"<rect x=\"0\" y=\"0\" width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"#ffffff\"/>\n" +
        _content + "</svg>";

    /// <summary>A coordinate with at most two decimals, invariant: enough for a screen, short in the file.</summary>
    public static string N(double value)
    {
        var text = Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    private static string Points(IEnumerable<(double X, double Y)> points) =>
        string.Join(" ", points.Select(point => $"{N(point.X)},{N(point.Y)}"));

    private Svg Open(string element)
    {
        _content.Append('<').Append(element);
        return this;
    }

    private Svg Number(string name, double value) => Attribute(name, N(value));

    private Svg Attribute(string name, string? value)
    {
        if (value is not null)
        {
            _content.Append(' ').Append(name).Append("=\"").Append(WebUtility.HtmlEncode(value)).Append('"');
        }

        return this;
    }

    private void Close(string element, string? tooltip)
    {
        if (tooltip is null)
        {
            _content.Append("/>\n");
            return;
        }

        _content.Append("><title>").Append(WebUtility.HtmlEncode(tooltip)).Append("</title></").Append(element).Append(">\n");
    }
}
