namespace Distillery.Evaluation.Reports.Document;

/// <summary>Plain running text.</summary>
internal sealed record ParagraphBlock(string Text) : ReportBlock;
