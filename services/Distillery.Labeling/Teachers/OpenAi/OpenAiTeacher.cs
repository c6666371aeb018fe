using System.ClientModel;
using System.ClientModel.Primitives;
using Distillery.Domain.Prompts;
using Distillery.Labeling.Answers;
using Distillery.Labeling.Cache;
using OpenAI;
using OpenAI.Chat;

namespace Distillery.Labeling.Teachers.OpenAi;

/// <summary>
/// A language model behind any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, our own
/// Inference service). Temperature 0 and a label-only answer read strictly; an answer that is
/// not a label is asked again once with a stricter reminder, then recorded as an abstention
/// with the raw answer kept. Calls run concurrently up to the configured limit, under the
/// provider's request and token rates, and are retried on 429 and 5xx.
/// </summary>
public sealed class OpenAiTeacher : ICacheableTeacher, IDisposable
{
    public const string KindName = "openai";

    private readonly OpenAiTeacherSettings _settings;
    private readonly ChatClient _client;
    private readonly SemaphoreSlim _concurrency;
    private readonly RequestRateLimiter _rates;
    private readonly TransientFaultRetry _retry;

    public OpenAiTeacher(OpenAiTeacherSettings settings, string? name = null, TimeProvider? clock = null, Action<int, TimeSpan>? onRetry = null)
    {
        _settings = settings;
        Name = name ?? $"{settings.Model} (OpenAI-compatible API)";
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint,
            // Our retry honours Retry-After and counts attempts; the SDK's own would retry underneath it.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromMinutes(2),
        };
        _client = new ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey), options);
        _concurrency = new SemaphoreSlim(settings.MaxConcurrency);
        _rates = new RequestRateLimiter(settings.RequestsPerMinute, settings.TokensPerMinute);
        _retry = new TransientFaultRetry(settings.MaxRetries, clock ?? TimeProvider.System, onRetry);
    }

    public string Name { get; }

    public string Kind => KindName;

    public bool IsLanguageModel => true;

    public string Model => _settings.Model;

    /// <summary>The same model name at two providers may be two models: the endpoint is part of it.</summary>
    public string CacheModel => $"openai:{_settings.Model}@{_settings.Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}";

    public string PromptVersion(Domain.Tasks.Codebook codebook) => PromptFor(codebook).Version;

    /// <summary>The prompt this teacher sends for a codebook (its version keys the label cache).</summary>
    public ClassificationPrompt PromptFor(Domain.Tasks.Codebook codebook) => PromptTemplate.Render(codebook, _settings.FewShotExamples);

    public async Task<TeacherBatchResult> LabelAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var prompt = PromptFor(request.Codebook);
        var labels = await Task.WhenAll(request.Texts.Select(async text =>
        {
            var label = await LabelOne(prompt, text, cancellationToken);
            return label with { CostUsd = _settings.Price?.Cost(label.PromptTokens, label.CompletionTokens) };
        }));
        var cost = _settings.Price is null ? (decimal?)null : labels.Sum(label => label.CostUsd ?? 0m);
        return new TeacherBatchResult(labels, cost, new TeacherProvenance(Name, Kind, _settings.Model, prompt.Version));
    }

    public void Dispose()
    {
        _concurrency.Dispose();
        _rates.Dispose();
    }

    private async Task<TeacherLabel> LabelOne(ClassificationPrompt prompt, TextToLabel text, CancellationToken cancellationToken)
    {
        var first = await Complete(prompt.For(text.Text), cancellationToken);
        var label = LabelAnswerParser.Parse(first.Answer, prompt.Labels);
        if (label is not null)
        {
            return new TeacherLabel(text.Id, label, Probabilities(first, prompt.Labels, label), first.PromptTokens, first.CompletionTokens, first.Answer);
        }

        var second = await Complete(prompt.Retry(text.Text, first.Answer), cancellationToken);
        label = LabelAnswerParser.Parse(second.Answer, prompt.Labels);
        return new TeacherLabel(
            text.Id,
            label,
            label is null ? null : Probabilities(second, prompt.Labels, label),
            first.PromptTokens + second.PromptTokens,
            first.CompletionTokens + second.CompletionTokens,
            second.Answer);
    }

    /// <summary>The distribution from logprobs when it agrees with the answer; else none (an answer is never contradicted by a guess).</summary>
    private static double[]? Probabilities(Completion completion, IReadOnlyList<string> labels, string label)
    {
        if (completion.FirstToken is not { Count: > 0 } alternatives || LabelProbabilities.FromFirstToken(alternatives, labels) is not { } probabilities)
        {
            return null;
        }

        var chosen = labels.ToList().IndexOf(label);
        return probabilities[chosen] >= probabilities.Max() ? probabilities : null;
    }

    private async Task<Completion> Complete(IReadOnlyList<PromptMessage> messages, CancellationToken cancellationToken)
    {
        var options = new ChatCompletionOptions
        {
            Temperature = 0,
            MaxOutputTokenCount = _settings.MaxAnswerTokens,
        };
        if (_settings.LogProbabilities)
        {
            options.IncludeLogProbabilities = true;
            options.TopLogProbabilityCount = 10;
        }

        var chat = messages.Select(ToChatMessage).ToList();
        var estimatedTokens = messages.Sum(message => message.Content.Length) / 4 + _settings.MaxAnswerTokens;
        await _concurrency.WaitAsync(cancellationToken);
        try
        {
            await _rates.WaitAsync(estimatedTokens, cancellationToken);
            ClientResult<ChatCompletion> result;
            try
            {
                result = await _retry.RunAsync(token => _client.CompleteChatAsync(chat, options, token), cancellationToken);
            }
            catch (ClientResultException fault)
            {
                // The provider's message says what was wrong (unknown model, bad key); the key itself is never in it.
                throw new TeacherException($"{Name}: {_settings.Endpoint} answered HTTP {fault.Status}: {fault.Message}", fault);
            }

            var completion = result.Value;
            var answer = string.Concat(completion.Content.Select(part => part.Text));
            var firstToken = completion.ContentTokenLogProbabilities is { Count: > 0 } tokens
                ? tokens[0].TopLogProbabilities.Select(top => new TokenAlternative(top.Token, top.LogProbability)).ToList()
                : null;
            return new Completion(answer, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0, firstToken);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private static ChatMessage ToChatMessage(PromptMessage message) => message.Role switch
    {
        PromptRole.System => new SystemChatMessage(message.Content),
        PromptRole.User => new UserChatMessage(message.Content),
        _ => new AssistantChatMessage(message.Content),
    };

    private sealed record Completion(string Answer, int PromptTokens, int CompletionTokens, IReadOnlyList<TokenAlternative>? FirstToken);
}
