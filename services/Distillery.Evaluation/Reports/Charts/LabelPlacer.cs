namespace Distillery.Evaluation.Reports.Charts;

/// <summary>
/// Puts point labels where they overlap neither each other nor the points: it tries to the
/// right of the point, then to the left, each at growing distances above and below, and keeps
/// the first free spot inside the bounds. Greedy, so not optimal, but with a dozen or so points
/// every name stays readable.
/// </summary>
internal sealed class LabelPlacer(double left, double top, double right, double bottom)
{
    private const double Gap = 7;
    private readonly List<Box> _taken = [];

    /// <summary>Marks a point as taken so no label covers it.</summary>
    public void Reserve(double x, double y, double radius) => _taken.Add(new Box(x - radius, y - radius, x + radius, y + radius));

    /// <summary>Where the label's anchor goes, which side of the point it is on, and its vertical centre.</summary>
    public (double X, double Y, string Anchor) Place(double x, double y, double width, double height)
    {
        foreach (var shift in Shifts(height))
        {
            foreach (var toRight in new[] { true, false })
            {
                var box = toRight
                    ? new Box(x + Gap, y + shift - (height / 2), x + Gap + width, y + shift + (height / 2))
                    : new Box(x - Gap - width, y + shift - (height / 2), x - Gap, y + shift + (height / 2));
                if (box.Left >= left && box.Right <= right && box.Top >= top && box.Bottom <= bottom && !_taken.Any(box.Overlaps))
                {
                    _taken.Add(box);
                    return (toRight ? box.Left : box.Right, y + shift, toRight ? "start" : "end");
                }
            }
        }

        _taken.Add(new Box(x + Gap, y - (height / 2), x + Gap + width, y + (height / 2)));
        return (x + Gap, y, "start");
    }

    private static IEnumerable<double> Shifts(double height)
    {
        yield return 0;
        for (var step = 1; step <= 8; step++)
        {
            yield return -step * height * 0.6;
            yield return step * height * 0.6;
        }
    }

    private sealed record Box(double Left, double Top, double Right, double Bottom)
    {
        public bool Overlaps(Box other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
    }
}
