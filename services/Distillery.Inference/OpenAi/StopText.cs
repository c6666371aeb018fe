using System.Text;

namespace Distillery.Inference.OpenAi;

/// <summary>
/// Applies a request's stop strings to generated text as it streams: text that could still turn
/// out to be the start of a stop string is held back until it cannot, and the answer ends right
/// before the first stop string found (which is not part of it).
/// </summary>
internal sealed class StopText(IReadOnlyList<string> stops)
{
    private readonly StringBuilder _text = new();
    private readonly int _holdBack = Math.Max(0, stops.Select(stop => stop.Length).DefaultIfEmpty(0).Max() - 1);
    private int _released;

    /// <summary>A stop string came: the answer is complete.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds generated text; returns the part that can be sent now.</summary>
    public string Add(string piece)
    {
        if (Stopped)
        {
            return string.Empty;
        }

        _text.Append(piece);
        var text = _text.ToString();
        var searchFrom = Math.Max(0, _released - _holdBack);
        var stopAt = stops.Select(stop => text.IndexOf(stop, searchFrom, StringComparison.Ordinal)).Where(at => at >= 0).DefaultIfEmpty(-1).Min();
        if (stopAt >= 0)
        {
            Stopped = true;
            return Release(text, Math.Max(stopAt, _released));
        }

        return Release(text, Math.Max(_released, text.Length - _holdBack));
    }

    /// <summary>What was held back, once generation has ended without a stop string.</summary>
    public string Flush() => Stopped ? string.Empty : Release(_text.ToString(), _text.Length);

    private string Release(string text, int until)
    {
        var released = text[_released..until];
        _released = until;
        return released;
    }
}
