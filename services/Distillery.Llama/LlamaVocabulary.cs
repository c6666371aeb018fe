using System.Runtime.InteropServices;
using System.Text;
using Distillery.Llama.Native;

namespace Distillery.Llama;

/// <summary>
/// A model's vocabulary: tokenising text, turning tokens back into bytes and text, and its
/// special tokens. Thread safe (llama.cpp's tokeniser is). Token ids are checked here, because
/// llama.cpp answers an out-of-range id by terminating the process.
/// </summary>
public sealed unsafe class LlamaVocabulary
{
    private readonly SafeLlamaModelHandle _model;
    private readonly nint _vocab;

    internal LlamaVocabulary(SafeLlamaModelHandle model)
    {
        _model = model;
        _vocab = ModelImports.llama_model_get_vocab(model);
        Count = VocabImports.llama_vocab_n_tokens(_vocab);
        BeginningOfSequence = VocabImports.llama_vocab_bos(_vocab);
        EndOfSequence = VocabImports.llama_vocab_eos(_vocab);
        EndOfTurn = VocabImports.llama_vocab_eot(_vocab);
        AddsBeginningOfSequence = VocabImports.llama_vocab_get_add_bos(_vocab);
        AddsEndOfSequence = VocabImports.llama_vocab_get_add_eos(_vocab);
    }

    /// <summary>The number of tokens (the width of the logits).</summary>
    public int Count { get; }

    /// <summary>BOS, or -1 when the vocabulary has none.</summary>
    public int BeginningOfSequence { get; }

    /// <summary>EOS, or -1 when the vocabulary has none.</summary>
    public int EndOfSequence { get; }

    /// <summary>The end-of-turn token of chat models, or -1.</summary>
    public int EndOfTurn { get; }

    /// <summary>Whether <see cref="Tokenize"/> with <c>addSpecial</c> starts with BOS.</summary>
    public bool AddsBeginningOfSequence { get; }

    /// <summary>Whether <see cref="Tokenize"/> with <c>addSpecial</c> ends with EOS.</summary>
    public bool AddsEndOfSequence { get; }

    /// <summary>The native vocabulary, for samplers; valid while the model is.</summary>
    internal nint Pointer => _vocab;

    /// <summary>
    /// The tokens of <paramref name="text"/>. <paramref name="addSpecial"/> adds BOS/EOS as the
    /// model asks; <paramref name="parseSpecial"/> turns special-token text (e.g. <c>&lt;|im_start|&gt;</c>)
    /// into those tokens instead of spelling it out.
    /// </summary>
    public int[] Tokenize(string text, bool addSpecial = true, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        using var lease = new HandleLease(_model);
        // Every token covers at least one byte, plus BOS and EOS: usually enough the first time.
        var tokens = new int[bytes.Length + 2];
        var count = TokenizeInto(bytes, tokens, addSpecial, parseSpecial);
        if (count < 0)
        {
            tokens = new int[-count];
            count = TokenizeInto(bytes, tokens, addSpecial, parseSpecial);
        }

        if (count < 0)
        {
            throw new LlamaException($"llama_tokenize failed for a text of {bytes.Length} bytes ({count})");
        }

        return tokens.AsSpan(0, count).ToArray();
    }

    /// <summary>
    /// The bytes a token stands for. A byte-fallback token is one byte of a UTF-8 sequence, so
    /// pieces are bytes, not text. Special tokens give their text only with <paramref name="renderSpecial"/>.
    /// </summary>
    public byte[] TokenToPiece(int token, bool renderSpecial = false)
    {
        EnsureToken(token);
        using var lease = new HandleLease(_model);
        Span<byte> buffer = stackalloc byte[64];
        int length;
        fixed (byte* pointer = buffer)
        {
            length = VocabImports.llama_token_to_piece(_vocab, token, pointer, buffer.Length, 0, renderSpecial);
        }

        if (length >= 0)
        {
            return buffer[..length].ToArray();
        }

        var large = new byte[-length];
        fixed (byte* pointer = large)
        {
            length = VocabImports.llama_token_to_piece(_vocab, token, pointer, large.Length, 0, renderSpecial);
        }

        return large.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// The text of <paramref name="tokens"/>. <paramref name="removeSpecial"/> drops a leading BOS
    /// and trailing EOS the model adds; <paramref name="renderSpecial"/> writes special tokens' text.
    /// </summary>
    public string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial = false, bool renderSpecial = false)
    {
        foreach (var token in tokens)
        {
            EnsureToken(token);
        }

        using var lease = new HandleLease(_model);
        var buffer = new byte[Math.Max(16, tokens.Length * 8)];
        var length = DetokenizeInto(tokens, buffer, removeSpecial, renderSpecial);
        if (length < 0)
        {
            buffer = new byte[-length];
            length = DetokenizeInto(tokens, buffer, removeSpecial, renderSpecial);
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The token's entry in the vocabulary as stored (e.g. <c>&lt;0x41&gt;</c>, <c>▁yes</c>).</summary>
    public string TokenText(int token)
    {
        EnsureToken(token);
        using var lease = new HandleLease(_model);
        return Marshal.PtrToStringUTF8((nint)VocabImports.llama_vocab_get_text(_vocab, token)) ?? string.Empty;
    }

    /// <summary>Whether generation should stop at the token (EOS, end of turn and the like).</summary>
    public bool IsEndOfGeneration(int token)
    {
        EnsureToken(token);
        using var lease = new HandleLease(_model);
        return VocabImports.llama_vocab_is_eog(_vocab, token);
    }

    /// <summary>Whether the token is a control token (BOS, EOS, chat markers), not text.</summary>
    public bool IsControl(int token)
    {
        EnsureToken(token);
        using var lease = new HandleLease(_model);
        return VocabImports.llama_vocab_is_control(_vocab, token);
    }

    internal void EnsureToken(int token)
    {
        if ((uint)token >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"not a token of this vocabulary of {Count}");
        }
    }

    private int TokenizeInto(byte[] bytes, int[] tokens, bool addSpecial, bool parseSpecial)
    {
        fixed (byte* text = bytes)
        fixed (int* output = tokens)
        {
            return VocabImports.llama_tokenize(_vocab, text, bytes.Length, output, tokens.Length, addSpecial, parseSpecial);
        }
    }

    private int DetokenizeInto(ReadOnlySpan<int> tokens, byte[] buffer, bool removeSpecial, bool renderSpecial)
    {
        fixed (int* input = tokens)
        fixed (byte* output = buffer)
        {
            return VocabImports.llama_detokenize(_vocab, input, tokens.Length, output, buffer.Length, removeSpecial, renderSpecial);
        }
    }
}
