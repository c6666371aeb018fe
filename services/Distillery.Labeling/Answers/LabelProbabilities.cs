namespace Distillery.Labeling.Answers;

/// <summary>
/// Per-label probabilities from the top log-probabilities of an answer's first token, as an
/// OpenAI-compatible endpoint returns them. A candidate token counts for the one label it can
/// begin (after normalisation, ignoring a leading space); the masses are normalised over the
/// labels (" spam" and "Spam" are two tokens, both an answer of <c>spam</c>: their masses add).
/// When the first token cannot tell the labels apart (two labels share it, or no
/// candidate begins any label) there is no honest distribution and the answer is null.
/// </summary>
public static class LabelProbabilities
{
    public static double[]? FromFirstToken(IReadOnlyList<TokenAlternative> alternatives, IReadOnlyList<string> labels)
    {
        var normalisedLabels = labels.Select(LabelAnswerParser.Normalise).ToArray();
        var mass = new double[labels.Count];
        foreach (var alternative in alternatives)
        {
            var token = LabelAnswerParser.Normalise(alternative.Token);
            if (token.Length == 0)
            {
                continue;
            }

            var begins = Enumerable.Range(0, labels.Count).Where(i => normalisedLabels[i].StartsWith(token, StringComparison.Ordinal)).ToList();
            if (begins.Count > 1)
            {
                return null;
            }

            if (begins.Count == 1)
            {
                mass[begins[0]] += Math.Exp(alternative.LogProbability);
            }
        }

        var total = mass.Sum();
        return total <= 0 ? null : [.. mass.Select(value => value / total)];
    }
}
