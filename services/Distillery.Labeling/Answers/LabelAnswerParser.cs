using System.Text;

namespace Distillery.Labeling.Answers;

/// <summary>
/// Reads a model's answer strictly: after normalising case, whitespace and the punctuation
/// models like to wrap a word in (quotes, backticks, a trailing full stop, bold markers), the
/// answer must equal one label. "spam" and " Spam." match <c>spam</c>; "probably spam" and
/// "spam or ham" do not, because guessing which label a sentence means is how silent errors
/// creep into training data. No match is an abstention, never a class.
/// </summary>
public static class LabelAnswerParser
{
    private static readonly char[] Wrapping = ['"', '\'', '`', '*', '.', '!', '“', '”', '‘', '’', '[', ']', '(', ')', '<', '>'];

    public static string? Parse(string? answer, IReadOnlyList<string> labels)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }

        var normalised = Normalise(answer);
        foreach (var prefix in (string[])["label:", "answer:"])
        {
            if (normalised.StartsWith(prefix, StringComparison.Ordinal))
            {
                normalised = Normalise(normalised[prefix.Length..]);
            }
        }

        string? match = null;
        foreach (var label in labels)
        {
            if (Normalise(label) == normalised)
            {
                if (match is not null)
                {
                    return null; // Two labels that differ only in case cannot be told apart from an answer.
                }

                match = label;
            }
        }

        return match;
    }

    internal static string Normalise(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        foreach (var part in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            collapsed.Append(collapsed.Length == 0 ? "" : " ").Append(part);
        }

        return collapsed.ToString().Trim(Wrapping).Trim().ToLowerInvariant();
    }
}
