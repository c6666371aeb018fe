namespace Distillery.Domain.Metrics;

/// <summary>
/// Krippendorff's coincidence matrix: o[c, k] counts the ordered pairs of values (c, k) given to
/// the same unit by different coders, each unit's pairs weighted by 1 / (m_u − 1) where m_u is the
/// number of values in the unit, so that every pairable value contributes exactly one to the
/// total. Units with fewer than two values have no pairs and drop out; this is how alpha copes
/// with missing values without dropping coders or units wholesale.
/// </summary>
internal sealed class CoincidenceMatrix
{
    private readonly double[,] _counts;
    private readonly double[] _valueTotals;

    private CoincidenceMatrix(string[] values, double[,] counts)
    {
        Values = values;
        _counts = counts;
        _valueTotals = new double[values.Length];
        for (var c = 0; c < values.Length; c++)
        {
            for (var k = 0; k < values.Length; k++)
            {
                _valueTotals[c] += counts[c, k];
            }

            Total += _valueTotals[c];
        }
    }

    /// <summary>The values that occur in pairable units, in ordinal order: the rows and columns.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>n: the number of pairable values.</summary>
    public double Total { get; }

    public double this[int c, int k] => _counts[c, k];

    /// <summary>n_c: how often value <paramref name="c"/> occurs among the pairable values.</summary>
    public double ValueTotal(int c) => _valueTotals[c];

    /// <summary>Each unit is its coders' values, null where a coder gave none.</summary>
    public static CoincidenceMatrix From(IReadOnlyList<IReadOnlyList<string?>> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var pairable = new List<(Dictionary<string, int> Counts, int Present)>();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u] ?? throw new ArgumentException($"Unit {u} is null; give an empty list for a unit nobody coded.", nameof(units));
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var present = 0;
            foreach (var value in unit)
            {
                if (value is not null)
                {
                    counts[value] = counts.GetValueOrDefault(value) + 1;
                    present++;
                }
            }

            if (present >= 2)
            {
                pairable.Add((counts, present));
                values.UnionWith(counts.Keys);
            }
        }

        var ordered = values.ToArray();
        var index = new Dictionary<string, int>(ordered.Length, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            index[ordered[i]] = i;
        }

        var matrix = new double[ordered.Length, ordered.Length];
        foreach (var (counts, present) in pairable)
        {
            double pairsPerValue = present - 1;
            foreach (var (c, countC) in counts)
            {
                foreach (var (k, countK) in counts)
                {
                    var pairs = c == k ? countC * (countC - 1) : countC * countK;
                    matrix[index[c], index[k]] += pairs / pairsPerValue;
                }
            }
        }

        return new CoincidenceMatrix(ordered, matrix);
    }
}
