namespace Distillery.Domain.Prompts;

/// <summary>Who speaks a chat message: the instructions, the coder's input, or the model's answer.</summary>
public enum PromptRole
{
    System,
    User,
    Assistant,
}

/// <summary>One message of a chat prompt.</summary>
public sealed record PromptMessage(PromptRole Role, string Content);
