namespace Distillery.Inference.Generation;

/// <summary>How a sequence is generated.</summary>
/// <param name="MaxTokens">The most tokens to generate.</param>
/// <param name="Temperature">0 is greedy; above, tokens are drawn from the softmax of the logits divided by it.</param>
/// <param name="Seed">Seeds the draw when <paramref name="Temperature"/> is above 0.</param>
/// <param name="Grammar">A GBNF grammar the answer must follow, or null.</param>
/// <param name="TopAlternatives">How many most likely tokens to report beside each generated one (OpenAI's top_logprobs).</param>
public sealed record GenerationSettings(int MaxTokens, float Temperature = 0f, uint Seed = 0, string? Grammar = null, int TopAlternatives = 0);
