using Distillery.Inference.Engine;
using Distillery.Llama;

namespace Distillery.Inference.Generation;

/// <summary>
/// Generation for ad-hoc prompts (gRPC Generate) and chats (the OpenAI endpoint), as one sequence
/// of the model's engine. A raw prompt is tokenised as llama.cpp's own server does (BOS, special
/// tokens parsed) and cut in the middle when it leaves too little room for the answer. A chat is
/// formatted with the model's template; all its turns but the last are a prefix the engine caches,
/// since clients such as the OpenAI-compatible teacher send the same instructions and examples
/// with every text. A chat too long for the context is refused, as OpenAI's API does.
/// </summary>
public static class TextGenerator
{
    public static LiveGeneration Start(ModelEngine engine, string prompt, GenerationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(prompt);
        Validate(settings);
        var tokens = engine.Model.Vocabulary.Tokenize(prompt, addSpecial: true, parseSpecial: true);
        // The answer gets the room it asks for, up to half the context; the prompt keeps the rest.
        var limit = engine.ContextLength - Math.Min(settings.MaxTokens, engine.ContextLength / 2);
        var (fitted, truncated) = MiddleTruncation.Fit(tokens, limit, engine.Model.Vocabulary.Tokenize(MiddleTruncation.Marker, addSpecial: false));
        return Run(engine, PromptTokens.Uncached(fitted), settings, truncated, cancellationToken);
    }

    public static LiveGeneration StartChat(
        ModelEngine engine, IReadOnlyList<LlamaChatMessage> messages, GenerationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(messages);
        Validate(settings);
        if (messages.Count == 0)
        {
            throw new ArgumentException("messages: at least one message is required");
        }

        var prompt = ChatPrompt(engine, messages);
        if (prompt.Length >= engine.ContextLength)
        {
            throw new ArgumentException(
                $"messages: the chat takes {prompt.Length} tokens; model '{engine.Name}' holds {engine.ContextLength} in a sequence, answer included");
        }

        return Run(engine, prompt, settings, truncated: false, cancellationToken);
    }

    /// <summary>The chat's tokens, split after its next-to-last turn when the template renders the earlier turns as a prefix.</summary>
    internal static PromptTokens ChatPrompt(ModelEngine engine, IReadOnlyList<LlamaChatMessage> messages)
    {
        var vocabulary = engine.Model.Vocabulary;
        var whole = ChatFormat.Apply(engine, messages, addAssistantTurn: true);
        if (messages.Count > 1 && ChatFormat.Apply(engine, messages.Take(messages.Count - 1), addAssistantTurn: false) is var shared
            && shared.Length > 0 && whole.StartsWith(shared, StringComparison.Ordinal))
        {
            var prefix = vocabulary.Tokenize(shared, addSpecial: true, parseSpecial: true);
            var suffix = vocabulary.Tokenize(whole[shared.Length..], addSpecial: false, parseSpecial: true);
            return new PromptTokens(prefix, suffix, PrefixKey.Of(engine.Name, prefix));
        }

        return PromptTokens.Uncached(vocabulary.Tokenize(whole, addSpecial: true, parseSpecial: true));
    }

    private static LiveGeneration Run(ModelEngine engine, PromptTokens prompt, GenerationSettings settings, bool truncated, CancellationToken cancellationToken)
    {
        var usage = engine.NewUsage();
        usage.AddPrompt(prompt.Length);
        var work = new GenerationWork(engine.Model, prompt, settings, truncated, usage, cancellationToken);
        engine.SubmitAll([work]);
        return new LiveGeneration(work.Tokens, work.Summary, usage);
    }

    private static void Validate(GenerationSettings settings)
    {
        if (settings.MaxTokens < 1)
        {
            throw new ArgumentException("max_tokens: at least 1");
        }

        if (settings.Temperature is < 0f or > 100f || float.IsNaN(settings.Temperature))
        {
            throw new ArgumentException("temperature: from 0 (greedy) to 100");
        }

        if (settings.TopAlternatives is < 0 or > 20)
        {
            throw new ArgumentException("top_logprobs: from 0 to 20");
        }
    }
}
