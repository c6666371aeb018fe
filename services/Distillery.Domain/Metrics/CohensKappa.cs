namespace Distillery.Domain.Metrics;

/// <summary>
/// Cohen's kappa: agreement of two raters on the same items beyond what their own label
/// frequencies would give by chance, (p_o − p_e) / (1 − p_e). Used to judge a teacher against
/// the humans, and humans against each other, where accuracy would flatter a skewed label mix.
/// </summary>
public static class CohensKappa
{
    /// <summary>
    /// Kappa between <paramref name="raterA"/> and <paramref name="raterB"/> (item by item).
    /// NaN when chance agreement is already perfect (both raters gave one and the same label to
    /// everything), where kappa is undefined; scikit-learn 1.2 returns NaN there too.
    /// </summary>
    public static double Between(IReadOnlyList<string> raterA, IReadOnlyList<string> raterB, LabelSet labels) =>
        Of(ConfusionMatrix.From(raterA, raterB, labels));

    internal static double Of(ConfusionMatrix agreement)
    {
        var labels = agreement.Labels.Count;
        var total = (double)agreement.Total;
        double observed = 0, expected = 0;
        for (var label = 0; label < labels; label++)
        {
            int byA = 0, byB = 0;
            for (var other = 0; other < labels; other++)
            {
                byA += agreement[label, other];
                byB += agreement[other, label];
            }

            observed += agreement[label, label] / total;
            expected += byA / total * (byB / total);
        }

        return expected >= 1.0 ? double.NaN : (observed - expected) / (1.0 - expected);
    }
}
