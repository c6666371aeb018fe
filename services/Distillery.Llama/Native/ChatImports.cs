using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>Chat formatting (llama.h: "Chat templates"): llama.cpp's built-in templates, recognised from the template text.</summary>
internal static unsafe partial class ChatImports
{
    /// <summary>
    /// Writes the formatted prompt (no NUL) and returns its full byte length, which may exceed
    /// <paramref name="length"/>; negative when the template is not one llama.cpp knows.
    /// </summary>
    [LibraryImport(LibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int llama_chat_apply_template(
        string template,
        LlamaChatMessageNative* messages,
        nuint messageCount,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant,
        byte* buffer,
        int length);
}
