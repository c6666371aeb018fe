using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary><c>struct llama_chat_message</c> (include/llama.h): two NUL-terminated UTF-8 strings.</summary>
[NativeStruct("llama_chat_message")]
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaChatMessageNative
{
    public nint Role;
    public nint Content;
}
