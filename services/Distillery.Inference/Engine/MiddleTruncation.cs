namespace Distillery.Inference.Engine;

/// <summary>
/// Fits a text into a token budget by cutting out its middle: the beginning and the end of a
/// document usually say most about it (its headline, its conclusion), and a marker shows where
/// text was left out. The cut is found by bisection on the characters kept, counting the tokens
/// of the whole prompt the text sits in, so whatever wraps the text is accounted for.
/// </summary>
internal static class MiddleTruncation
{
    /// <summary>Stands where the middle was cut.</summary>
    public const string Marker = " […] ";

    /// <summary>
    /// <paramref name="text"/> if its prompt fits in <paramref name="limit"/> tokens (as
    /// <paramref name="tokensOf"/> counts them), else the longest middle-cut version that fits; null
    /// when even the marker alone does not.
    /// </summary>
    public static (string Text, bool Truncated)? Fit(string text, int limit, Func<string, int> tokensOf)
    {
        if (tokensOf(text) <= limit)
        {
            return (text, false);
        }

        if (tokensOf(Cut(text, 0)) > limit)
        {
            return null;
        }

        // The most characters kept whose prompt fits: 0 always does, the whole text does not.
        var (fits, fails) = (0, text.Length);
        while (fails - fits > 1)
        {
            var middle = fits + ((fails - fits) / 2);
            if (tokensOf(Cut(text, middle)) <= limit)
            {
                fits = middle;
            }
            else
            {
                fails = middle;
            }
        }

        return (Cut(text, fits), true);
    }

    /// <summary>
    /// <paramref name="tokens"/> cut to <paramref name="limit"/> in the middle, the marker's tokens
    /// (<paramref name="marker"/>) in the gap, when they are longer; for texts nothing wraps.
    /// </summary>
    public static (int[] Tokens, bool Truncated) Fit(int[] tokens, int limit, int[] marker)
    {
        if (tokens.Length <= limit)
        {
            return (tokens, false);
        }

        var kept = Math.Max(0, limit - marker.Length);
        var head = kept / 2;
        return ([.. tokens[..head], .. marker.Take(limit - kept), .. tokens[^(kept - head)..]], true);
    }

    /// <summary>The first and last <paramref name="keep"/> characters of the text around the marker, never splitting a surrogate pair.</summary>
    internal static string Cut(string text, int keep)
    {
        var head = keep / 2;
        if (head > 0 && char.IsHighSurrogate(text[head - 1]))
        {
            head--;
        }

        var tailStart = text.Length - (keep - (keep / 2));
        if (tailStart < text.Length && char.IsLowSurrogate(text[tailStart]))
        {
            tailStart++;
        }

        return string.Concat(text.AsSpan(0, head), Marker, text.AsSpan(tailStart));
    }
}
