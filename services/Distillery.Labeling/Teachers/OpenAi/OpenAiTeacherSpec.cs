using System.Globalization;
using Distillery.Domain.Specs;

namespace Distillery.Labeling.Teachers.OpenAi;

/// <summary>
/// Reads an <c>openai</c> teacher from the job spec. The API key never appears in a spec: the
/// spec names the environment variable that holds it (<c>api_key_env</c>, default
/// <c>OPENAI_API_KEY</c>). Prices come from the spec or, failing that, the service's cost table.
/// </summary>
public static class OpenAiTeacherSpec
{
    public static readonly string[] Keys =
    [
        "kind", "name", "model", "base_url", "api_key_env", "examples", "max_concurrency", "requests_per_minute",
        "tokens_per_minute", "max_retries", "max_answer_tokens", "logprobs", "prompt_price_per_million", "completion_price_per_million",
    ];

    public static OpenAiTeacherSettings Read(SpecNode spec, Func<string, string?> environment, IReadOnlyDictionary<string, ModelPrice>? prices = null)
    {
        spec.AllowOnly(Keys);
        var model = spec.Required("model").NonEmptyText();
        var baseUrl = spec.Optional("base_url") is { } url ? Endpoint(url) : new Uri("https://api.openai.com/v1");
        var keyNode = spec.Optional("api_key_env");
        var keyVariable = keyNode?.NonEmptyText() ?? "OPENAI_API_KEY";
        var key = environment(keyVariable);
        if (string.IsNullOrEmpty(key))
        {
            throw (keyNode ?? spec).Error($"environment variable {keyVariable} (the API key) is not set");
        }

        var promptPrice = spec.Optional("prompt_price_per_million")?.Number(0);
        var completionPrice = spec.Optional("completion_price_per_million")?.Number(0);
        if ((promptPrice is null) != (completionPrice is null))
        {
            throw spec.Error("give both prompt_price_per_million and completion_price_per_million, or neither");
        }

        var price = promptPrice is { } prompt
            ? new ModelPrice((decimal)prompt, (decimal)completionPrice!.Value)
            : prices?.GetValueOrDefault(model);
        return new OpenAiTeacherSettings(
            baseUrl,
            model,
            key,
            FewShotExamples: spec.Optional("examples")?.WholeNumber(0) ?? int.MaxValue,
            MaxConcurrency: spec.Optional("max_concurrency")?.WholeNumber(1, 1024) ?? 8,
            RequestsPerMinute: spec.Optional("requests_per_minute")?.WholeNumber(1),
            TokensPerMinute: spec.Optional("tokens_per_minute")?.WholeNumber(1),
            MaxRetries: spec.Optional("max_retries")?.WholeNumber(0, 100) ?? 6,
            MaxAnswerTokens: spec.Optional("max_answer_tokens")?.WholeNumber(1, 4096) ?? 16,
            LogProbabilities: spec.Optional("logprobs")?.Flag() ?? true,
            Price: price);
    }

    private static Uri Endpoint(SpecNode node)
    {
        var text = node.NonEmptyText();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw node.Error(string.Create(CultureInfo.InvariantCulture, $"base_url '{text}' is not an http(s) URL"));
        }

        return uri;
    }
}
