using System.Text.RegularExpressions;
using Distillery.Evaluation.Reports;

namespace Distillery.UnitTests.Reports;

public sealed partial class MarkdownReportWriterTests
{
    private static readonly string Markdown = MarkdownReportWriter.Write(SampleReports.Job());

    [Fact]
    public void The_title_names_the_job_and_the_teachers_truthfully()
    {
        Assert.StartsWith("# Distillery report: benchmark-simulated\n\n", Markdown, StringComparison.Ordinal);
        Assert.Contains("Teacher: simulated-noisy (simulated, not a language model): the human label flipped", Markdown, StringComparison.Ordinal);
        Assert.Contains("Second teacher: llama-replay (replay, not a language model)", Markdown, StringComparison.Ordinal);
        Assert.Contains("The teacher simulated-noisy is not a language model", Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(", a language model", Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_language_model_teacher_is_called_one_and_the_simulation_note_is_left_out()
    {
        var report = SampleReports.Job(2) with { Teacher = new TeacherDescription("gpt-4o-mini", "openai", true, "chat completions, few-shot") };

        var markdown = MarkdownReportWriter.Write(report);

        Assert.Contains("Teacher: gpt-4o-mini (openai, a language model): chat completions, few-shot", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("The teacher gpt-4o-mini is not a language model", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simulated_teacher_flagged_as_a_language_model_is_still_called_simulated()
    {
        var report = SampleReports.Job(2) with { Teacher = SampleReports.SimulatedTeacher with { IsLanguageModel = true } };

        var markdown = MarkdownReportWriter.Write(report);

        Assert.Contains("Teacher: simulated-noisy (simulated, not a language model)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(", a language model", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_puts_our_median_gaps_beside_the_papers()
    {
        Assert.Contains("## Summary\n\n12 of 14 tasks completed, 1 stopped at the validation gate, 1 failed.", Markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| f1 \| human-student − teacher-student \| \+0\.0\d\d \[0\.\d\d, 0\.\d\d\] \| \+0\.039 \| 12 \|", Markdown);
        Assert.Matches(@"\| f1 \| teacher − teacher-student \| [+-]?0\.\d{3} \[-?0\.\d\d, -?0\.\d\d\] \| \+0\.006 \| 12 \|", Markdown);
        Assert.Matches(@"\| recall \| teacher-student − human-student \| \+0\.\d{3} \[[^]]+\] \| — \| 12 \|", Markdown);
    }

    [Fact]
    public void The_per_task_table_shows_F1_with_intervals_and_a_dash_for_a_missing_arm()
    {
        var table = Table("| Task | human-student | teacher-student | teacher | second-teacher |");

        Assert.Equal(14, table.Count);
        Assert.Matches(@"^\| spam-assassin( \| 0\.\d{3} \[0\.\d\d, 0\.\d\d\]){4} \|$", table[0]);
        Assert.Matches(@"^\| brown-press \| .* \| 1\.000 \[1\.00, 1\.00\] \| ", table[1]);
        Assert.Matches(@"^\| tweet-sentiment( \| 0\.\d{3} \[0\.\d\d, 0\.\d\d\]){3} \| — \|$", table[2]);
        Assert.Equal("| policy-topic-agendas | — | — | — | — |", table[3]);
        Assert.EndsWith("| 0.000 [0.00, 0.00] |", table[4], StringComparison.Ordinal);
    }

    [Fact]
    public void The_gate_failed_task_lists_its_disagreements_with_cells_escaped()
    {
        Assert.Contains("### Disagreements: policy-topic-agendas\n\nThe teacher failed the gate (f1 0.550 is below 0.70).", Markdown, StringComparison.Ordinal);
        var rows = Table("| Id | Excerpt | Human | Teacher |");

        Assert.Equal(
            [
                @"| doc-0017 | Vote for the \| pipe party<br>second line of the post | hostile | neutral |",
                @"| doc-0042 | \<b\>not bold\</b\> and \*not italic\* or \_this\_ | neutral | hostile |",
                @"| doc-0108 | Short & sweet: ""quoted"" 'text' | hostile | (no answer) |",
            ],
            rows);
    }

    [Fact]
    public void Every_table_row_has_as_many_cells_as_its_header()
    {
        var lines = Markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('|') || (i > 0 && lines[i - 1].StartsWith('|')))
            {
                continue;
            }

            var columns = Cells(lines[i]);
            for (var j = i + 1; j < lines.Length && lines[j].StartsWith('|'); j++)
            {
                Assert.True(Cells(lines[j]) == columns, $"line {j + 1} has {Cells(lines[j])} cells, its header {columns}: {lines[j]}");
            }
        }
    }

    [Fact]
    public void Costs_times_failures_and_the_ablation_have_their_sections()
    {
        Assert.Contains("## Costs and times", Markdown, StringComparison.Ordinal);
        Assert.Contains("| teacher | simulated-noisy | 12 | 0 | 0.0 s | 60.0 s | 0 | 0 | $0.00 |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| second-teacher | llama-replay | 9 | 0 | 0.0 s | 45.0 s | 1,779,400 | 11,480 | unknown |", Markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| human-student \| tfidf-logreg \| 12 \| [\d,]+ \| 15\.0 s \| 1\.5 s \| 0 \| 0 \| unknown \|", Markdown);
        Assert.Contains("| news-frames | student training failed: the training pool held one class only |", Markdown, StringComparison.Ordinal);
        Assert.Contains("## Noise ablation", Markdown, StringComparison.Ordinal);
        Assert.Contains("| 0.50 | 0.450 | 0.460 [0.43, 0.49] |", Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_without_ablations_or_completed_tasks_still_writes()
    {
        var report = SampleReports.Job(0) with { Ablations = [] };

        var markdown = MarkdownReportWriter.Write(report);

        Assert.DoesNotContain("Noise ablation", markdown, StringComparison.Ordinal);
        Assert.Contains("No task completed, so there are no differences between arms to summarise.", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a|b", @"a\|b")]
    [InlineData("line 1\r\nline 2\nline 3\rend", "line 1<br>line 2<br>line 3<br>end")]
    [InlineData(@"C:\path\", @"C:\\path\\")]
    [InlineData("<script>alert(1)</script>", @"\<script\>alert(1)\</script\>")]
    [InlineData("`code` *em* _em_", @"\`code\` \*em\* \_em\_")]
    public void Text_is_escaped_for_Markdown(string text, string expected) =>
        Assert.Equal(expected, MarkdownReportWriter.Escape(text));

    /// <summary>The body rows of the table whose header line is given.</summary>
    private static List<string> Table(string header)
    {
        var lines = Markdown.Split('\n').ToList();
        var start = lines.IndexOf(header);
        Assert.True(start >= 0, $"no table with header {header}");
        return [.. lines.Skip(start + 2).TakeWhile(line => line.StartsWith('|'))];
    }

    /// <summary>Cells in a Markdown table row: pipes not escaped with a backslash, less the outer two.</summary>
    private static int Cells(string row) => UnescapedPipe().Count(row) - 1;

    [GeneratedRegex(@"(?<!\\)(?:\\\\)*\|")]
    private static partial Regex UnescapedPipe();
}
