namespace Distillery.Evaluation.Reports.Charts;

/// <summary>
/// Colours that colour-blind readers can tell apart (Okabe and Ito), in series order; with the
/// usual arms this gives human-student blue, teacher-student vermilion, teacher green and
/// second-teacher purple in every chart.
/// </summary>
internal static class ChartPalette
{
    public const string Precision = "#332288";
    public const string Recall = "#44AA99";

    private static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"];

    public static string Colour(int index) => Colours[index % Colours.Length];
}
