namespace Distillery.Llama;

/// <summary>One turn of a chat: its role (<c>system</c>, <c>user</c>, <c>assistant</c>) and text.</summary>
public sealed record LlamaChatMessage(string Role, string Content);
