namespace Distillery.Evaluation.Reports.Charts;

/// <summary>How a legend entry shows its series: the same mark the chart draws for it.</summary>
internal enum LegendMark
{
    Dot,
    Square,
    Line,
    DashedLine,
}
