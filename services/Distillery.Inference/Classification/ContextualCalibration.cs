namespace Distillery.Inference.Classification;

/// <summary>
/// Contextual calibration (Zhao et al., "Calibrate Before Use", ICML 2021): a model's label
/// probabilities carry a bias from the prompt itself (the examples' order, the labels' wording),
/// which shows in what it answers for an input with no content. Dividing each text's
/// probabilities by the mean content-free ones and renormalising removes that bias.
/// </summary>
internal static class ContextualCalibration
{
    /// <summary>The inputs that carry no content.</summary>
    public static IReadOnlyList<string> ContentFreeTexts { get; } = ["N/A", ""];

    /// <summary>The element-wise mean of the content-free texts' probabilities.</summary>
    public static double[] Mean(IReadOnlyList<double[]> contentFree)
    {
        var mean = new double[contentFree[0].Length];
        foreach (var probabilities in contentFree)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += probabilities[i] / contentFree.Count;
            }
        }

        return mean;
    }

    public static double[] Apply(IReadOnlyList<double> probabilities, IReadOnlyList<double> contentFreeMean)
    {
        var calibrated = new double[probabilities.Count];
        for (var i = 0; i < calibrated.Length; i++)
        {
            // A label the content-free texts gave no probability at all keeps its own.
            calibrated[i] = contentFreeMean[i] > 0 ? probabilities[i] / contentFreeMean[i] : probabilities[i];
        }

        var sum = calibrated.Sum();
        return [.. calibrated.Select(value => value / sum)];
    }
}
