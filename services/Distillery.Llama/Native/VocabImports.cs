using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>
/// Vocabulary and tokenisation (llama.h: "Vocab", "Tokenization"). The vocabulary pointer is owned
/// by its model, so callers hold the model's handle for the duration of each call.
/// </summary>
internal static unsafe partial class VocabImports
{
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_vocab_n_tokens(nint vocab);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_vocab_bos(nint vocab);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_vocab_eos(nint vocab);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_vocab_eot(nint vocab);

    [LibraryImport(LibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_bos(nint vocab);

    [LibraryImport(LibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_eos(nint vocab);

    [LibraryImport(LibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(nint vocab, int token);

    [LibraryImport(LibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_control(nint vocab, int token);

    /// <summary>The token's text as stored in the vocabulary (e.g. <c>&lt;0x41&gt;</c> for a byte token), owned by the vocabulary.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial byte* llama_vocab_get_text(nint vocab, int token);

    /// <summary>Returns the token count, or minus the count needed when <paramref name="maxTokens"/> is too small.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_tokenize(
        nint vocab,
        byte* text,
        int textLength,
        int* tokens,
        int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial,
        [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    /// <summary>Writes the token's bytes (no NUL); returns their count, or minus the count needed.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_token_to_piece(
        nint vocab,
        int token,
        byte* buffer,
        int length,
        int leftStrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    /// <summary>Writes the text (no NUL); returns its byte count, or minus the count needed.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_detokenize(
        nint vocab,
        int* tokens,
        int tokenCount,
        byte* text,
        int maxLength,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial,
        [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);
}
