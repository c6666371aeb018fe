namespace Distillery.UnitTests.Training;

/// <summary>
/// The natural logarithm from IEEE additions, multiplications and divisions only.
/// <see cref="Math.Log(double)"/> comes from the platform's C library, whose last bit may differ
/// between machines; <see cref="HashedProjectionTestEmbeddings"/> promises identical vectors everywhere,
/// so it takes its sublinear term frequencies from here.
/// </summary>
internal static class PortableLog
{
    private const double Ln2 = 0.69314718055994530942;
    private const double Sqrt2 = 1.41421356237309504880;
    private const int SeriesTerms = 16;

    /// <summary>ln <paramref name="x"/> for a positive, finite, normal <paramref name="x"/> (within a few ulps of the true value).</summary>
    public static double Log(double x)
    {
        if (x <= 0 || !double.IsNormal(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "the portable logarithm takes positive, finite, normal numbers");
        }

        // x = m · 2^e with m in [1, 2), read from the bits; then m in [√2/2, √2] for a fast series.
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        var mantissa = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | (1023L << 52));
        if (mantissa > Sqrt2)
        {
            mantissa /= 2;
            exponent++;
        }

        // ln m = 2 atanh(z) = 2 (z + z³/3 + z⁵/5 + …) with z = (m − 1)/(m + 1), |z| ≤ 0.172.
        var z = (mantissa - 1) / (mantissa + 1);
        var z2 = z * z;
        var sum = 0.0;
        for (var k = SeriesTerms - 1; k >= 0; k--)
        {
            sum = (sum * z2) + (1.0 / ((2 * k) + 1));
        }

        return (exponent * Ln2) + (2 * z * sum);
    }
}
