using System.Globalization;

namespace Distillery.Evaluation.Reports;

/// <summary>
/// How numbers read in report.md and report.html: invariant culture always (a German build
/// machine must not write 0,812), a fixed number of decimals so columns line up, "n/a" for a
/// metric that is undefined (NaN), and never "-0.000" for a value that rounds to zero.
/// </summary>
internal static class ReportFormat
{
    public const string Missing = "—";

    public static string Number(double value, int decimals = 3)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        var text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.StartsWith('-') && text.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? text[1..] : text;
    }

    /// <summary>A difference with its sign always shown: +0.039, -0.006, 0.000.</summary>
    public static string Signed(double value, int decimals = 3)
    {
        var text = Number(value, decimals);
        return double.IsFinite(value) && !text.StartsWith('-') && text.AsSpan().IndexOfAnyExcept("0.") >= 0 ? "+" + text : text;
    }

    /// <summary>0.812 [0.77, 0.85]: the point with three decimals, the interval with two.</summary>
    public static string Estimate(Estimate estimate) =>
        $"{Number(estimate.Value)} [{Number(estimate.Lower, 2)}, {Number(estimate.Upper, 2)}]";

    /// <summary>+0.039 [-0.01, 0.07]: a difference and its interval.</summary>
    public static string SignedEstimate(Estimate estimate) =>
        $"{Signed(estimate.Value)} [{Number(estimate.Lower, 2)}, {Number(estimate.Upper, 2)}]";

    /// <summary>The confidence level as people say it: 95%.</summary>
    public static string Level(double confidenceLevel) =>
        double.IsFinite(confidenceLevel) ? (confidenceLevel * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "n/a";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(double seconds) =>
        double.IsFinite(seconds) ? seconds.ToString("0.0#", CultureInfo.InvariantCulture) + " s" : "n/a";

    public static string Money(decimal value) => "$" + value.ToString("0.00##", CultureInfo.InvariantCulture);

    public static string Money(decimal? value) => value is { } known ? Money(known) : "unknown";

    /// <summary>A probability with enough digits to tell 0.0004 from 0.04.</summary>
    public static string Probability(double value) =>
        double.IsFinite(value) && value is > 0 and < 0.001 ? "< 0.001" : Number(value);
}
