using System.Runtime.InteropServices;
using System.Text;
using Distillery.Llama.Native;

namespace Distillery.Llama;

/// <summary>
/// Formats a chat into a prompt with <c>llama_chat_apply_template</c>. llama.cpp has no Jinja
/// engine: it recognises a template (ChatML, Llama 2/3, Mistral, Gemma and others) from its text
/// and applies its own implementation, so an unrecognised template is an error, not a guess.
/// </summary>
public static unsafe class LlamaChatTemplate
{
    /// <summary>
    /// The prompt for <paramref name="messages"/> in <paramref name="template"/> (for example a
    /// model's <see cref="LlamaModel.ChatTemplate"/>), ending with the assistant's turn opened when
    /// <paramref name="addAssistantTurn"/>.
    /// </summary>
    public static string Apply(string template, IReadOnlyList<LlamaChatMessage> messages, bool addAssistantTurn = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        ArgumentNullException.ThrowIfNull(messages);
        LlamaBackend.EnsureInitialized();
        var native = new LlamaChatMessageNative[messages.Count];
        try
        {
            var textBytes = 0;
            for (var i = 0; i < messages.Count; i++)
            {
                native[i].Role = Marshal.StringToCoTaskMemUTF8(messages[i].Role);
                native[i].Content = Marshal.StringToCoTaskMemUTF8(messages[i].Content);
                textBytes += Encoding.UTF8.GetByteCount(messages[i].Role) + Encoding.UTF8.GetByteCount(messages[i].Content);
            }

            // llama.cpp's advice: twice the text is usually enough; the call says when it is not.
            var buffer = new byte[Math.Max(256, 2 * textBytes)];
            var length = ApplyInto(template, native, addAssistantTurn, buffer);
            if (length > buffer.Length)
            {
                buffer = new byte[length];
                length = ApplyInto(template, native, addAssistantTurn, buffer);
            }

            if (length < 0)
            {
                throw new ArgumentException("llama.cpp does not recognise this chat template", nameof(template));
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            foreach (var message in native)
            {
                Marshal.FreeCoTaskMem(message.Role);
                Marshal.FreeCoTaskMem(message.Content);
            }
        }
    }

    private static int ApplyInto(string template, LlamaChatMessageNative[] messages, bool addAssistantTurn, byte[] buffer)
    {
        fixed (LlamaChatMessageNative* chat = messages)
        fixed (byte* output = buffer)
        {
            return ChatImports.llama_chat_apply_template(template, chat, (nuint)messages.Length, addAssistantTurn, output, buffer.Length);
        }
    }
}
