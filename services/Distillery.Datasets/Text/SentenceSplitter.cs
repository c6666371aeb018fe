using System.Text.RegularExpressions;

namespace Distillery.Datasets.Text;

/// <summary>
/// Splits running prose at sentence ends. Deliberately simple (an abbreviation such as "Mr."
/// may end a "sentence"): passages are built from several sentences, so a wrong cut only moves
/// a passage boundary.
/// </summary>
internal static partial class SentenceSplitter
{
    public static IEnumerable<string> Split(string text) =>
        SentenceEnd().Split(Whitespace().Replace(text, " ").Trim()).Where(sentence => sentence.Length > 0);

    [GeneratedRegex(@"(?<=[.!?][""')\]]?)\s+(?=[""'(\[]?[A-Z0-9])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
