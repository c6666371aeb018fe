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
}
