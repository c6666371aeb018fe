using System.Net;
using System.Text;
using Distillery.Evaluation.Reports.Document;

namespace Distillery.Evaluation.Reports;

/// <summary>
/// Writes report.html: the content of report.md plus charts, in one file that opens anywhere
/// without a network. Styles are inline, charts are inline SVG drawn by our own code, and there
/// is no JavaScript; a Content-Security-Policy forbids scripts and every outside resource, so
/// the page can neither leak a request nor run markup smuggled in through a task's text (which
/// is HTML-encoded anyway). The output is also well-formed XML, which the tests rely on.
/// </summary>
public static class HtmlReportWriter
{
    public const string FileName = "report.html";

    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

    private const string Style = """
        body { margin: 0; background: #ffffff; color: #222222; font: 15px/1.5 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 26px; margin: 0 0 12px; }
        h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #dddddd; }
        h3 { font-size: 16px; margin: 24px 0 8px; }
        p { margin: 8px 0; }
        .table { overflow-x: auto; margin: 10px 0 16px; }
        table { border-collapse: collapse; font-size: 13px; }
        th, td { border: 1px solid #d4d4d4; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; }
        tbody tr:nth-child(even) { background: #fafafa; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td:first-child { white-space: nowrap; }
        figure { margin: 16px 0 24px; }
        figcaption { font-size: 13px; color: #555555; margin-top: 4px; }
        svg.chart { display: block; max-width: 100%; height: auto; }
        """;

    public static string Write(JobReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append($"<meta http-equiv=\"Content-Security-Policy\" content=\"{ContentSecurityPolicy}\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append($"<title>{Encode($"Distillery report: {report.Job}")}</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<main>\n");
        foreach (var block in ReportDocument.Build(report))
        {
            WriteBlock(html, block);
        }

        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    public static Task WriteAsync(JobReport report, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Write(report), cancellationToken);

    private static void WriteBlock(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                html.Append($"<h{heading.Level}>{Encode(heading.Text)}</h{heading.Level}>\n");
                break;
            case ParagraphBlock paragraph:
                html.Append($"<p>{Encode(paragraph.Text)}</p>\n");
                break;
            case TableBlock table:
                WriteTable(html, table);
                break;
            case ChartBlock chart:
                html.Append("<figure>\n").Append(chart.RenderSvg()).Append($"\n<figcaption>{Encode(chart.Caption)}</figcaption>\n</figure>\n");
                break;
            default:
                throw new InvalidOperationException($"no HTML for {block.GetType().Name}");
        }
    }

    private static void WriteTable(StringBuilder html, TableBlock table)
    {
        if (table.Rows.Count == 0)
        {
            html.Append("<p>(none)</p>\n");
            return;
        }

        html.Append("<div class=\"table\"><table>\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append(column.Numeric ? "<th class=\"num\">" : "<th>").Append(Encode(column.Header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var numeric = i < table.Columns.Count && table.Columns[i].Numeric;
                html.Append(numeric ? "<td class=\"num\">" : "<td>").Append(Encode(row[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");
    }

    /// <summary>HTML-encoded text with line breaks kept as &lt;br /&gt;, since excerpts are quoted as they were.</summary>
    private static string Encode(string text) =>
        WebUtility.HtmlEncode(text).ReplaceLineEndings("<br />");
}
