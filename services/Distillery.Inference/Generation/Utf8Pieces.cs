using System.Text;

namespace Distillery.Inference.Generation;

/// <summary>
/// Turns a stream of token bytes into text. A byte-fallback token can be one byte of a
/// multi-byte character, so a piece only releases the characters that are complete; the rest
/// waits for the next token, and <see cref="Flush"/> writes out whatever is left (as U+FFFD if it
/// never completed).
/// </summary>
public sealed class Utf8Pieces
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    public string Append(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var chars = new char[_decoder.GetCharCount(bytes, flush: false)];
        var count = _decoder.GetChars(bytes, chars, flush: false);
        return new string(chars, 0, count);
    }

    public string Flush()
    {
        var chars = new char[_decoder.GetCharCount([], flush: true)];
        var count = _decoder.GetChars([], chars, flush: true);
        return new string(chars, 0, count);
    }
}
