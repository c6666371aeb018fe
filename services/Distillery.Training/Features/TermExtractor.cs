using Distillery.Training.Text;

namespace Distillery.Training.Features;

/// <summary>The terms of one text: word n-grams joined by a space, and optionally '#'-marked character n-grams.</summary>
internal static class TermExtractor
{
    public static List<string> Terms(string text, TfidfOptions options)
    {
        var tokens = WordTokenizer.Tokens(text).ToArray();
        var terms = new List<string>(tokens.Length * options.NGramMax);
        terms.AddRange(tokens);
        for (var n = 2; n <= options.NGramMax; n++)
        {
            for (var i = 0; i + n <= tokens.Length; i++)
            {
                terms.Add(string.Join(' ', tokens, i, n));
            }
        }

        if (options.CharNGrams)
        {
            // scikit-learn's char_wb: n-grams of each whitespace-separated word padded with spaces.
            foreach (var word in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var padded = " " + word + " ";
                for (var n = TfidfOptions.CharNGramMin; n <= TfidfOptions.CharNGramMax && n <= padded.Length; n++)
                {
                    for (var i = 0; i + n <= padded.Length; i++)
                    {
                        terms.Add(string.Concat("#", padded.AsSpan(i, n)));
                    }
                }
            }
        }

        return terms;
    }
}
