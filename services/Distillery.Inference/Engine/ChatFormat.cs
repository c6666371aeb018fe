using Distillery.Domain.Prompts;
using Distillery.Llama;

namespace Distillery.Inference.Engine;

/// <summary>Formats chats for a model with its chat template, every message's text defused of control-token markers.</summary>
internal static class ChatFormat
{
    public static string Apply(ModelEngine engine, IEnumerable<LlamaChatMessage> messages, bool addAssistantTurn)
    {
        var template = engine.ChatTemplate ?? throw new NoChatTemplateException(
            $"model '{engine.Name}' has no chat template: set Distillery:Inference:Models:<n>:ChatTemplate (for example 'chatml') for it");
        return LlamaChatTemplate.Apply(
            template,
            [.. messages.Select(message => message with { Content = engine.ControlTokens.Defuse(message.Content) })],
            addAssistantTurn);
    }

    public static string Apply(ModelEngine engine, IEnumerable<PromptMessage> messages, bool addAssistantTurn) =>
        Apply(engine, messages.Select(ToChat), addAssistantTurn);

    private static LlamaChatMessage ToChat(PromptMessage message) => new(
        message.Role switch
        {
            PromptRole.System => "system",
            PromptRole.User => "user",
            _ => "assistant",
        },
        message.Content);
}
