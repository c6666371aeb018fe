namespace Distillery.Evaluation.Reports.Document;

/// <summary>A section title; level 1 is the report's title.</summary>
internal sealed record HeadingBlock(int Level, string Text) : ReportBlock;
