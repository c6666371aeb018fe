namespace Distillery.Training.Text;

/// <summary>
/// Lower-cased word tokens of two or more word characters, as scikit-learn's default
/// <c>token_pattern</c> <c>(?u)\b\w\w+\b</c> finds them, so that our students and the
/// scikit-learn peer see the same words. A hand-written scanner: it is the hot path of
/// vectorising.
/// </summary>
internal static class WordTokenizer
{
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var lower = text.ToLowerInvariant();
        var start = -1;
        for (var i = 0; i <= lower.Length; i++)
        {
            var word = i < lower.Length && IsWordCharacter(lower[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                if (i - start >= 2)
                {
                    tokens.Add(lower[start..i]);
                }

                start = -1;
            }
        }

        return tokens;
    }

    /// <summary>Python's <c>\w</c>: letters, digits and underscore.</summary>
    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_';
}
