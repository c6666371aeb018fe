using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Distillery.Evaluation.Reports;

namespace Distillery.UnitTests.Reports;

public sealed partial class HtmlReportWriterTests
{
    private static readonly XNamespace SvgNamespace = "http://www.w3.org/2000/svg";
    private static readonly string Html = HtmlReportWriter.Write(SampleReports.Job());

    [Fact]
    public void The_page_is_well_formed_and_has_the_four_charts_and_every_task()
    {
        var document = XDocument.Parse(Html);

        var charts = document.Descendants(SvgNamespace + "svg").ToList();
        Assert.Equal(4, charts.Count);
        Assert.Equal(4, Regex.Count(Html, "<svg "));
        Assert.Equal(
            [
                "F1 of each arm per task, with confidence intervals",
                "Teacher-trained against human-trained student F1 per task",
                "Precision and recall differences per task",
                "Student and teacher F1 against the teacher's noise rate",
            ],
            charts.Select(chart => chart.Element(SvgNamespace + "title")?.Value));
        foreach (var task in SampleReports.TaskNames)
        {
            Assert.Contains(task, ChartTests.Texts(charts[0]));
            Assert.Contains($"<td>{task}</td>", Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Script_in_a_task_description_is_escaped()
    {
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Tweets about &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; other &quot;attacks&quot;.", Html, StringComparison.Ordinal);
        Assert.Contains(SampleReports.ScriptDescription, XDocument.Parse(Html).Descendants("td").Select(cell => cell.Value));
    }

    [Fact]
    public void The_page_loads_nothing_from_outside_and_runs_no_script()
    {
        var withoutSvgNamespace = Html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal);

        Assert.DoesNotMatch(@"(?i)https?:|<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import|@font-face|\son[a-z]+=", withoutSvgNamespace);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\" />", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_says_what_the_Markdown_says()
    {
        var document = XDocument.Parse(Html);
        var headings = document.Descendants().Where(e => e.Name.LocalName is "h1" or "h2" or "h3").Select(e => e.Value).ToList();
        var markdownHeadings = MarkdownReportWriter.Write(SampleReports.Job()).Split('\n')
            .Where(line => line.StartsWith('#'))
            .Select(line => line.TrimStart('#').Trim().Replace("\\", "", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(markdownHeadings, headings);
        Assert.Contains("Disagreements: policy-topic-agendas", headings);
        var excerpt = document.Descendants("td").Single(cell => cell.Value.StartsWith("Vote for the | pipe party", StringComparison.Ordinal));
        Assert.Equal("Vote for the | pipe partysecond line of the post", excerpt.Value);
        Assert.Single(excerpt.Elements("br"));
    }

    [Fact]
    public void Numbers_are_invariant_whatever_the_current_culture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = comma;
        try
        {
            Assert.Equal(Html, HtmlReportWriter.Write(SampleReports.Job()));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Without_ablations_there_are_three_charts()
    {
        var html = HtmlReportWriter.Write(SampleReports.Job() with { Ablations = [] });

        Assert.Equal(3, XDocument.Parse(html).Descendants(SvgNamespace + "svg").Count());
        Assert.DoesNotContain("Noise ablation", html, StringComparison.Ordinal);
    }
}
