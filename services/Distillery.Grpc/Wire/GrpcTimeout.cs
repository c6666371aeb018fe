using System.Globalization;

namespace Distillery.Grpc.Wire;

/// <summary>The <c>grpc-timeout</c> header: up to 8 digits and a unit (H, M, S, m, u, n).</summary>
internal static class GrpcTimeout
{
    private const long MaxAmount = 100_000_000;

    /// <summary>The units a client writes, finest first, and how many of each make the next.</summary>
    private static readonly (char Unit, long PerNext)[] Units = [('m', 1000), ('S', 60), ('M', 60)];

    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9 ||
            !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * 10,
            'n' => amount / 100,
            _ => -1,
        };
        if (ticks < 0)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>The header for a call that may take <paramref name="timeout"/>: in the finest unit that fits 8 digits, rounded up.</summary>
    public static string Format(TimeSpan timeout)
    {
        var amount = Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds));
        foreach (var (unit, perNext) in Units)
        {
            if (amount < MaxAmount)
            {
                return amount.ToString(CultureInfo.InvariantCulture) + unit;
            }

            amount = (amount + perNext - 1) / perNext;
        }

        return Math.Min(amount, MaxAmount - 1).ToString(CultureInfo.InvariantCulture) + "H";
    }
}
