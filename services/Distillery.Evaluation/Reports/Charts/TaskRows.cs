namespace Distillery.Evaluation.Reports.Charts;

/// <summary>
/// The task-name column shared by the charts that give each task a row: wide enough for the
/// names (within limits: a longer name is shortened with an ellipsis and shown whole on hover),
/// and a note in place of data for a task that produced none.
/// </summary>
internal static class TaskRows
{
    public const double LabelSize = 12;
    private const double MinimumWidth = 80;
    private const double MaximumWidth = 240;

    public static double LabelWidth(IEnumerable<TaskReport> tasks) =>
        Math.Clamp(tasks.Select(task => Svg.TextWidth(task.Task, LabelSize)).DefaultIfEmpty(0).Max() + 12, MinimumWidth, MaximumWidth);

    /// <summary>The task's name, right-aligned against the plot at <paramref name="right"/>.</summary>
    public static void Label(Svg svg, TaskReport task, double right, double y, double width)
    {
        var fitted = Svg.Fit(task.Task, width - 12, LabelSize);
        svg.Text(right, y, fitted, anchor: "end", size: LabelSize, tooltip: fitted == task.Task ? null : task.Task);
    }

    /// <summary>Why a task has nothing to plot, written where its data would be.</summary>
    public static void Note(Svg svg, double x, double y, string note) =>
        svg.Text(x, y, note, size: 11, fill: Svg.Muted, italic: true);

    public static string WhyEmpty(TaskReport task) => task.Outcome switch
    {
        TaskOutcome.GateFailed => "stopped at the validation gate",
        TaskOutcome.Failed => "failed",
        _ => "no results",
    };
}
