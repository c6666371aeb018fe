namespace Distillery.Training.Encoders;

/// <summary>
/// Texts as encoder inputs, row-major <c>[Count, Length]</c>: every row padded with zeros (and an
/// attention mask of zero) to the longest row of the batch, never beyond the length asked for.
/// </summary>
public sealed record TokenizedBatch(long[] InputIds, long[] AttentionMask, long[] TokenTypeIds, int Count, int Length)
{
    /// <summary>Real (unpadded) tokens of row <paramref name="row"/>.</summary>
    public int TokensOf(int row)
    {
        var tokens = 0;
        for (var i = row * Length; i < (row + 1) * Length; i++)
        {
            tokens += (int)AttentionMask[i];
        }

        return tokens;
    }

    /// <summary>Rows of token ids as a batch, each padded with zeros (attention mask 0) to the longest; single-segment, so every token type is 0.</summary>
    public static TokenizedBatch Pad(IReadOnlyList<long[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var length = rows.Count == 0 ? 0 : rows.Max(row => row.Length);
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(ids, i * length);
            Array.Fill(mask, 1L, i * length, rows[i].Length);
        }

        return new TokenizedBatch(ids, mask, new long[ids.Length], rows.Count, length);
    }
}
