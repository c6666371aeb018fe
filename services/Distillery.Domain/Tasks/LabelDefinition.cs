namespace Distillery.Domain.Tasks;

/// <summary>One class of the codebook and what it means, in words a coder (human or LLM) applies.</summary>
public sealed record LabelDefinition(string Name, string Definition);
