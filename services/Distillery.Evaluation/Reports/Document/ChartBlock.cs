namespace Distillery.Evaluation.Reports.Document;

/// <summary>
/// A chart, drawn as SVG only by the formats that can show one (HTML); the same numbers are in
/// the tables next to it, so a format without charts loses nothing but the picture.
/// </summary>
internal sealed record ChartBlock(string Caption, Func<string> RenderSvg) : ReportBlock;
