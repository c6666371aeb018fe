using System.Text;
using Distillery.Evaluation.Reports.Document;

namespace Distillery.Evaluation.Reports;

/// <summary>
/// Writes report.md: the report's content as GitHub-flavoured Markdown, for reading in a
/// repository or a terminal. Charts are left to report.html; their numbers are in the tables.
/// Text from tasks and teachers is escaped so an excerpt with a '|' or a line break cannot
/// break a table and markup in it shows as written.
/// </summary>
public static class MarkdownReportWriter
{
    public const string FileName = "report.md";

    public static string Write(JobReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var markdown = new StringBuilder();
        foreach (var block in ReportDocument.Build(report))
        {
            switch (block)
            {
                case HeadingBlock heading:
                    markdown.Append('#', heading.Level).Append(' ').Append(Escape(heading.Text)).Append("\n\n");
                    break;
                case ParagraphBlock paragraph:
                    markdown.Append(Escape(paragraph.Text)).Append("\n\n");
                    break;
                case TableBlock table:
                    WriteTable(markdown, table);
                    break;
                case ChartBlock:
                    break;
                default:
                    throw new InvalidOperationException($"no Markdown for {block.GetType().Name}");
            }
        }

        return markdown.ToString().TrimEnd('\n') + "\n";
    }

    public static Task WriteAsync(JobReport report, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Write(report), cancellationToken);

    /// <summary>
    /// Plain text made safe in a Markdown table cell or line: a backslash before Markdown's
    /// emphasis, code, HTML and cell characters, and line breaks written as &lt;br&gt; (a table row
    /// cannot span lines).
    /// </summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' or '`' or '*' or '_' or '<' or '>' or '|':
                    escaped.Append('\\').Append(c);
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    escaped.Append("<br>");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    private static void WriteTable(StringBuilder markdown, TableBlock table)
    {
        if (table.Rows.Count == 0)
        {
            markdown.Append("(none)\n\n");
            return;
        }

        markdown.Append('|').AppendJoin('|', table.Columns.Select(column => $" {Escape(column.Header)} ")).Append("|\n");
        markdown.Append('|').AppendJoin('|', table.Columns.Select(column => column.Numeric ? "---:" : "---")).Append("|\n");
        foreach (var row in table.Rows)
        {
            markdown.Append('|').AppendJoin('|', row.Select(cell => $" {Escape(cell)} ")).Append("|\n");
        }

        markdown.Append('\n');
    }
}
