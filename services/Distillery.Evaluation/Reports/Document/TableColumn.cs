namespace Distillery.Evaluation.Reports.Document;

/// <summary>A table column: numeric columns are right-aligned so decimals line up.</summary>
internal sealed record TableColumn(string Header, bool Numeric = false);
