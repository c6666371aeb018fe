namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// A piece of the report's content (heading, paragraph, table, chart), independent of format,
/// so report.md and report.html say the same things: the writers only decide how blocks look.
/// Text in blocks is plain; each writer escapes it for its own format.
/// </summary>
internal abstract record ReportBlock;
