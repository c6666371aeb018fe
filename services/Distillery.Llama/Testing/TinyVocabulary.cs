using System.Globalization;

namespace Distillery.Llama.Testing;

/// <summary>
/// The synthetic models' vocabulary: a SentencePiece ("llama") vocabulary like Mistral's, with
/// byte fallback. Besides the control tokens it holds all 256 byte tokens (<c>&lt;0x00&gt;</c> to
/// <c>&lt;0xFF&gt;</c>), so any text tokenises, mostly one token per byte, and a few whole words
/// preceded by the SentencePiece space (<c>▁yes</c>), each with every prefix of it, because a
/// SentencePiece tokeniser only reaches a word by merging pieces that are themselves tokens.
/// So " yes" is one token, "yes" three, " sports" two (<c>▁sp</c> then bytes, sharing
/// <c>▁sp</c> with " spam"): labels of one and of several tokens, and labels sharing a prefix.
/// </summary>
public static class TinyVocabulary
{
    /// <summary>SentencePiece's visible space, which begins a word's token.</summary>
    public const string WordStart = "\u2581";

    public const string Unknown = "<unk>";
    public const string BeginningOfSequence = "<s>";
    public const string EndOfSequence = "</s>";

    /// <summary>ChatML's turn markers, control tokens as in models that use ChatML.</summary>
    public const string TurnStart = "<|im_start|>";
    public const string TurnEnd = "<|im_end|>";

    /// <summary>The words that are whole tokens when preceded by a space.</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        "yes", "no", "maybe", "positive", "negative", "neutral", "spam", "ham", "the", "is", "not", "user", "assistant",
    ];

    /// <summary>The id of the byte token of <paramref name="value"/>.</summary>
    public static int ByteToken(byte value) => FirstByteToken + value;

    internal const int FirstByteToken = 3;

    // llama.cpp's token types (enum llama_token_type).
    internal const int NormalType = 1;
    internal const int UnknownType = 2;
    internal const int ControlType = 3;
    internal const int ByteType = 6;

    /// <summary>Every token in id order with its SentencePiece score and type.</summary>
    internal static IReadOnlyList<(string Text, float Score, int Type)> Tokens { get; } = Build();

    internal static int IdOf(string text)
    {
        for (var id = 0; id < Tokens.Count; id++)
        {
            if (string.Equals(Tokens[id].Text, text, StringComparison.Ordinal))
            {
                return id;
            }
        }

        throw new ArgumentException($"'{text}' is not a token of the tiny vocabulary", nameof(text));
    }

    private static List<(string Text, float Score, int Type)> Build()
    {
        var tokens = new List<(string Text, float Score, int Type)>
        {
            (Unknown, 0f, UnknownType),
            (BeginningOfSequence, 0f, ControlType),
            (EndOfSequence, 0f, ControlType),
        };
        for (var value = 0; value < 256; value++)
        {
            tokens.Add(($"<0x{value.ToString("X2", CultureInfo.InvariantCulture)}>", 0f, ByteType));
        }

        tokens.Add((TurnStart, 0f, ControlType));
        tokens.Add((TurnEnd, 0f, ControlType));
        var pieces = new List<string> { WordStart };
        foreach (var word in Words)
        {
            for (var length = 1; length <= word.Length; length++)
            {
                var piece = WordStart + word[..length];
                if (!pieces.Contains(piece))
                {
                    pieces.Add(piece);
                }
            }
        }

        // SentencePiece merges the highest-scoring adjacent pair first; longer pieces score
        // higher, so a word is always merged all the way to its whole-word token.
        foreach (var piece in pieces)
        {
            tokens.Add((piece, piece.Length, NormalType));
        }

        return tokens;
    }
}
