namespace Distillery.Evaluation.Reports.Charts;

/// <summary>One entry of a chart legend.</summary>
internal sealed record LegendItem(string Label, string Colour, LegendMark Mark);
