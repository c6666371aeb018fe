using Distillery.Llama;

namespace Distillery.Inference.Engine;

/// <summary>
/// Keeps the texts of documents from turning into control tokens. Prompts are tokenised with
/// special-token parsing on, because chat templates spell their markers as text
/// (<c>&lt;|im_start|&gt;</c>); a document that contains such a marker would otherwise close its
/// turn and speak as the system. Here each marker inside a document gets a zero-width space
/// after its first character: it reads the same, and tokenises as plain text.
/// </summary>
internal sealed class ControlTokenText
{
    private const char Breaker = '\u200B';
    private readonly string[] _markers;

    private ControlTokenText(string[] markers) => _markers = markers;

    public static ControlTokenText Of(LlamaVocabulary vocabulary)
    {
        var markers = new HashSet<string>(StringComparer.Ordinal);
        for (var token = 0; token < vocabulary.Count; token++)
        {
            if (vocabulary.IsControl(token) && vocabulary.TokenText(token) is { Length: > 1 } text)
            {
                markers.Add(text);
            }
        }

        return new ControlTokenText([.. markers.OrderByDescending(marker => marker.Length)]);
    }

    /// <summary><paramref name="text"/> with every control-token marker broken up.</summary>
    public string Defuse(string text)
    {
        foreach (var marker in _markers)
        {
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                text = text.Replace(marker, marker[0] + Breaker.ToString() + marker[1..], StringComparison.Ordinal);
            }
        }

        return text;
    }
}
