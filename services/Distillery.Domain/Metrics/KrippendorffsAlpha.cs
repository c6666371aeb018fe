namespace Distillery.Domain.Metrics;

/// <summary>
/// Krippendorff's alpha for nominal data: 1 − D_o / D_e, observed over expected disagreement,
/// computed from the <see cref="CoincidenceMatrix"/>. Unlike kappa it takes any number of
/// coders and missing values, which is how human codings arrive; its expected disagreement
/// uses n − 1 (pairs drawn without replacement), a small-sample correction that makes it
/// slightly larger than Scott's pi for two coders: α = 1 − (1 − π)(n − 1) / n.
/// </summary>
public static class KrippendorffsAlpha
{
    /// <summary>
    /// Alpha over <paramref name="units"/>, each the list of its coders' values (null where a
    /// coder gave none; lists need not have equal lengths). Units with fewer than two values are
    /// ignored. NaN when nothing is pairable or all pairable values are the same, where the data
    /// cannot tell agreement from chance.
    /// </summary>
    public static double Nominal(IReadOnlyList<IReadOnlyList<string?>> units)
    {
        var coincidences = CoincidenceMatrix.From(units);
        var n = coincidences.Total;
        double agreeing = 0, sumOfSquares = 0;
        for (var c = 0; c < coincidences.Values.Count; c++)
        {
            agreeing += coincidences[c, c];
            sumOfSquares += coincidences.ValueTotal(c) * coincidences.ValueTotal(c);
        }

        var observedDisagreement = n - agreeing;
        var expectedDisagreement = ((n * n) - sumOfSquares) / (n - 1);
        return n < 2 || expectedDisagreement <= 0 ? double.NaN : 1.0 - (observedDisagreement / expectedDisagreement);
    }
}
