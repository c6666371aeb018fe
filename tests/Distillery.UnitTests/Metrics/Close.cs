using System.Globalization;
using System.Text.Json.Nodes;

namespace Distillery.UnitTests.Metrics;

/// <summary>Comparison with reference values to 1e-9, naming what differed, since one test checks many numbers.</summary>
internal static class Close
{
    public const double Tolerance = 1e-9;

    public static void Equal(JsonNode? expected, double actual, string what)
    {
        Assert.True(expected is not null, $"{what}: the reference gave no value (NaN) but we computed {actual:R}.");
        Equal(expected.GetValue<double>(), actual, what);
    }

    public static void Equal(double expected, double actual, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= Tolerance,
            string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, got {actual:R}."));
}
