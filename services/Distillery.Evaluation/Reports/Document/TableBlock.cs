namespace Distillery.Evaluation.Reports.Document;

/// <summary>A table of plain-text cells; every row has one cell per column.</summary>
internal sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;
