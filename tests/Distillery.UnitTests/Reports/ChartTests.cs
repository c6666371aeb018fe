using System.Xml.Linq;
using Distillery.Evaluation.Reports;
using Distillery.Evaluation.Reports.Charts;

namespace Distillery.UnitTests.Reports;

/// <summary>
/// Every chart on the reports that break naive chart code: one task, no tasks, only stopped
/// tasks, a missing arm, values at exactly 0 and 1, an undefined (NaN) metric, a one-point
/// ablation. Each must still be well-formed SVG with finite coordinates.
/// </summary>
public sealed class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> Cases => new() { "full", "single task", "no tasks", "only stopped tasks", "undefined F1", "three students" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_chart_is_well_formed_svg_with_finite_coordinates(string name)
    {
        var report = Report(name);
        var series = ArmSeriesOf(report);
        string[] charts =
        [
            new ArmF1Chart(report, series).Render(),
            new StudentScatterChart(report).Render(),
            new PrecisionRecallDifferenceChart(report, "teacher-student").Render(),
            new NoiseAblationChart(report.Ablations).Render(),
        ];

        foreach (var chart in charts)
        {
            var svg = XElement.Parse(chart);
            Assert.Equal(Svg + "svg", svg.Name);
            Assert.DoesNotContain("NaN", chart, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", chart, StringComparison.Ordinal);
            foreach (var attribute in svg.Descendants().Attributes().Where(a => a.Name.LocalName is "x" or "y" or "x1" or "x2" or "y1" or "y2" or "cx" or "cy" or "width" or "height"))
            {
                var value = double.Parse(attribute.Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(value, -1, 10_000);
            }
        }
    }

    [Fact]
    public void The_F1_chart_draws_a_dot_and_whisker_per_arm_and_says_why_a_task_has_none()
    {
        var report = SampleReports.Job(4);
        var svg = XElement.Parse(new ArmF1Chart(report, ArmSeriesOf(report)).Render());

        var dots = svg.Descendants(Svg + "circle").Where(c => c.Element(Svg + "title") is not null).ToList();
        Assert.Equal(4 + 4 + 3, dots.Count); // tweet-sentiment has no second teacher, policy-topic-agendas stopped at the gate
        Assert.Contains(dots, dot => dot.Value == "brown-press, teacher: F1 1.000 [1.00, 1.00]");
        Assert.Contains("stopped at the validation gate", Texts(svg));
    }

    [Fact]
    public void The_scatter_has_the_diagonal_axis_titles_and_one_labelled_point_per_task()
    {
        var report = SampleReports.Job();
        var svg = XElement.Parse(new StudentScatterChart(report).Render());
        var texts = Texts(svg);

        Assert.Contains("y = x", texts);
        Assert.Contains("human-student F1 (trained on human labels)", texts);
        Assert.Contains("teacher-student F1 (trained on teacher labels)", texts);
        var completed = report.Tasks.Where(t => t.Outcome == TaskOutcome.Completed).Select(t => t.Task).ToList();
        Assert.Equal(completed.Count, svg.Descendants(Svg + "circle").Count());
        Assert.All(completed, task => Assert.Contains(task, texts));
        Assert.DoesNotContain(SampleReports.TaskNames[SampleReports.GateFailedIndex], texts);
    }

    [Fact]
    public void The_difference_chart_reads_a_reversed_comparison_with_its_sign_flipped()
    {
        var report = SampleReports.Job(1);
        var task = report.Tasks[0];
        var direct = task.Comparisons[0];
        var reversed = direct with
        {
            ArmA = direct.ArmB,
            ArmB = direct.ArmA,
            PrecisionDifference = -direct.PrecisionDifference,
            RecallDifference = -direct.RecallDifference,
        };

        string Titles(JobReport r) => string.Join('\n', XElement.Parse(new PrecisionRecallDifferenceChart(r, "teacher-student").Render()).Descendants(Svg + "title").Select(t => t.Value));

        Assert.Equal(Titles(report), Titles(report with { Tasks = [task with { Comparisons = [reversed, task.Comparisons[1]] }] }));
        Assert.Contains("spam-assassin, teacher-student − human-student: recall +0.", Titles(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_point_ablation_draws_markers_but_no_line()
    {
        var curve = new AblationCurve("t", "s", [new AblationPoint(0, 1, new Estimate(1, 1, 1, 0.95))]);

        var svg = XElement.Parse(new NoiseAblationChart([curve]).Render());

        Assert.Empty(svg.Descendants(Svg + "polyline"));
        Assert.Single(svg.Descendants(Svg + "circle"), c => c.Element(Svg + "title") is not null);
    }

    [Fact]
    public void Chart_text_is_encoded()
    {
        var report = SampleReports.Job(1);
        report = report with { Tasks = [report.Tasks[0] with { Task = "<script>&\"'" }] };

        var chart = new ArmF1Chart(report, ArmSeriesOf(report)).Render();

        Assert.DoesNotContain("<script", chart, StringComparison.Ordinal);
        Assert.Contains("<script>&\"'", Texts(XElement.Parse(chart)));
    }

    /// <summary>What each text element shows, without the tooltip a &lt;title&gt; child adds to its Value.</summary>
    internal static List<string> Texts(XElement svg) =>
        [.. svg.Descendants(Svg + "text").Select(text => string.Concat(text.Nodes().OfType<XText>().Select(node => node.Value)))];

    private static IReadOnlyList<ArmSeries> ArmSeriesOf(JobReport report) => ArmSeries.In(report);

    private static JobReport Report(string name)
    {
        var full = SampleReports.Job();
        return name switch
        {
            "full" => full,
            "single task" => SampleReports.Job(1) with { Ablations = [] },
            "no tasks" => SampleReports.Job(0) with { Ablations = [] },
            "only stopped tasks" => full with { Tasks = [.. full.Tasks.Where(t => t.Outcome != TaskOutcome.Completed)] },
            "undefined F1" => SampleReports.WithF1(SampleReports.WithF1(full, 0, "teacher", double.NaN), 1, "human-student", double.NaN),
            "three students" => full with
            {
                Students = ["a", "b", "c"],
                Tasks = [.. full.Tasks.Select(t => t with { Arms = [.. t.Arms.SelectMany(a => a.Arm.EndsWith("-student", StringComparison.Ordinal) ? new[] { a, a with { Name = "b" }, a with { Name = "c" } } : [a])] })],
            },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
        };
    }
}
