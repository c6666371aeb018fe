using System.Text;

namespace Distillery.Datasets.Text;

/// <summary>
/// Turns a Brown Corpus sentence of <c>word/tag</c> tokens back into ordinary text: tags
/// dropped, the corpus's <c>``</c> and <c>''</c> made into quotation marks, and no space
/// before punctuation or inside quotes and brackets.
/// </summary>
internal static class BrownDetokenizer
{
    private static readonly HashSet<string> NoSpaceBefore = new(StringComparer.Ordinal) { ",", ".", ";", ":", "?", "!", ")", "]", "''", "'", "%", "n't" };
    private static readonly HashSet<string> NoSpaceAfter = new(StringComparer.Ordinal) { "``", "(", "[", "$" };

    public static string Sentence(string taggedLine)
    {
        var text = new StringBuilder();
        var glueNext = true;
        foreach (var token in taggedLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = token.LastIndexOf('/');
            var word = slash > 0 ? token[..slash] : token;
            if (!glueNext && !NoSpaceBefore.Contains(word))
            {
                text.Append(' ');
            }

            text.Append(word switch
            {
                "``" or "''" => "\"",
                _ => word,
            });
            glueNext = NoSpaceAfter.Contains(word);
        }

        return text.ToString();
    }
}
