namespace Distillery.Labeling.Teachers;

/// <summary>What a model costs, in US dollars per million prompt and completion tokens.</summary>
public sealed record ModelPrice(decimal PromptUsdPerMillionTokens, decimal CompletionUsdPerMillionTokens)
{
    public decimal Cost(long promptTokens, long completionTokens) =>
        (promptTokens * PromptUsdPerMillionTokens + completionTokens * CompletionUsdPerMillionTokens) / 1_000_000m;
}
