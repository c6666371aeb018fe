namespace Distillery.Domain.Splits;

/// <summary>Divides a whole number of documents among strata in proportion to their sizes.</summary>
internal static class Apportionment
{
    /// <summary>
    /// Largest-remainder apportionment of <paramref name="total"/> in proportion to
    /// <paramref name="sizes"/> (ties broken by stratum order, so the result is deterministic).
    /// Every stratum that has documents gets at least one when the total allows, so that a
    /// rare class still appears in every split.
    /// </summary>
    public static Dictionary<string, int> Divide(int total, IReadOnlyList<KeyValuePair<string, int>> sizes)
    {
        var population = sizes.Sum(size => size.Value);
        var shares = sizes.ToDictionary(size => size.Key, size => 0, StringComparer.Ordinal);
        if (total == 0 || population == 0)
        {
            return shares;
        }

        var remainders = new List<(string Stratum, double Remainder, int Order)>();
        var given = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            var exact = (double)total * sizes[i].Value / population;
            var whole = (int)Math.Floor(exact);
            shares[sizes[i].Key] = whole;
            given += whole;
            remainders.Add((sizes[i].Key, exact - whole, i));
        }

        foreach (var (stratum, _, _) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Order).Take(total - given))
        {
            shares[stratum]++;
        }

        var present = sizes.Where(size => size.Value > 0).Select(size => size.Key).ToList();
        if (total >= present.Count)
        {
            foreach (var stratum in present.Where(stratum => shares[stratum] == 0))
            {
                var donor = shares.OrderByDescending(share => share.Value).ThenBy(share => share.Key, StringComparer.Ordinal).First().Key;
                shares[donor]--;
                shares[stratum] = 1;
            }
        }

        return shares;
    }
}
