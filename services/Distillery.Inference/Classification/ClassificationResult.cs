namespace Distillery.Inference.Classification;

/// <summary>A token of a generated label and its probability under the model.</summary>
public sealed record LabelToken(string Text, double Probability);

/// <summary>
/// One text's label: under SCORE with every label's probability (codebook order); under GENERATE
/// with the generated tokens' probabilities, and empty when the answer was not a label.
/// </summary>
public sealed record TextLabel(string Id, string Label, IReadOnlyList<double> Probabilities, bool Truncated, IReadOnlyList<LabelToken> Tokens);

/// <summary>A call's labels, in request order, with the prompt's version and the tokens used.</summary>
/// <param name="EvaluatedTokens">Tokens the model ran: prompt tokens not taken from the cache, label continuations, answers.</param>
public sealed record ClassificationResult(
    IReadOnlyList<TextLabel> Labels,
    string PromptVersion,
    long PromptTokens,
    long CachedTokens,
    long EvaluatedTokens,
    long CompletionTokens);
