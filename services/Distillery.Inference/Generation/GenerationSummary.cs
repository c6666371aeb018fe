namespace Distillery.Inference.Generation;

/// <summary>Why generation stopped.</summary>
public enum FinishReason
{
    /// <summary>The model ended its answer (an end-of-generation token), or the caller's stop text came.</summary>
    Stop,

    /// <summary>The token limit or the end of the context.</summary>
    Length,
}

/// <summary>How a generation ended, with its token counts.</summary>
public sealed record GenerationSummary(FinishReason FinishReason, int PromptTokens, int CachedTokens, int CompletionTokens, bool Truncated);
