namespace Distillery.Datasets.Text;

/// <summary>
/// Cuts a document's sentences into passages of roughly paragraph size, the unit a coder
/// labels: sentences are never split, and a short tail is merged into the passage before it.
/// </summary>
internal static class Passages
{
    public const int MinWords = 150;
    public const int MaxWords = 250;

    public static List<string> From(IEnumerable<string> sentences)
    {
        var passages = new List<List<string>>();
        var current = new List<string>();
        var words = 0;
        foreach (var sentence in sentences)
        {
            var count = WordCount(sentence);
            if (count == 0)
            {
                continue;
            }

            if (words >= MinWords && words + count > MaxWords)
            {
                passages.Add(current);
                current = [];
                words = 0;
            }

            current.Add(sentence);
            words += count;
        }

        if (words >= MinWords)
        {
            passages.Add(current);
        }
        else if (passages.Count > 0 && words > 0 && passages[^1].Sum(WordCount) + words <= MaxWords)
        {
            passages[^1].AddRange(current);
        }

        return [.. passages.Select(passage => string.Join(' ', passage))];
    }

    public static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
