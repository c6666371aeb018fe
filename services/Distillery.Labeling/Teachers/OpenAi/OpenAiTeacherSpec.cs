using System.Globalization;
using Distillery.Domain.Specs;
using Distillery.Labeling.Endpoints;

namespace Distillery.Labeling.Teachers.OpenAi;

/// <summary>
/// Reads an <c>openai</c> teacher from the job spec. The endpoint is one the operator registered
/// (<c>endpoint</c>, default <c>openai</c>): its URL, key, prices and limits come from there, and
/// the job may ask only for less concurrency and lower rates. On the user's own machine
/// (<see cref="TeacherEndpoints.AllowJobEndpoints"/>) a job may instead give <c>base_url</c>, the
/// environment variable holding the key (<c>api_key_env</c>, default <c>OPENAI_API_KEY</c>) and
/// its prices; in a cluster those keys are refused, since they would let a job send the
/// service's secrets and the documents wherever it liked.
/// </summary>
public static class OpenAiTeacherSpec
{
    public const string DefaultEndpoint = "openai";

    /// <summary>Keys of a local run alone: where to call, with which key, at what price.</summary>
    public static readonly string[] LocalOnlyKeys = ["base_url", "api_key_env", "prompt_price_per_million", "completion_price_per_million"];

    public static readonly string[] Keys =
    [
        "kind", "name", "model", "endpoint", "examples", "max_concurrency", "requests_per_minute",
        "tokens_per_minute", "max_retries", "max_answer_tokens", "logprobs", .. LocalOnlyKeys,
    ];

    /// <summary>
    /// The teacher's settings; with <paramref name="requireKey"/> false (a check at Submit, where
    /// keys are not held) a missing key is not an error.
    /// </summary>
    public static OpenAiTeacherSettings Read(SpecNode spec, TeacherEndpoints endpoints, bool requireKey = true)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        spec.AllowOnly(Keys);
        JobEndpointKeys.RefuseUnlessAllowed(spec, endpoints, LocalOnlyKeys);
        var model = spec.Required("model").NonEmptyText();
        var endpointNode = spec.Optional("endpoint");
        var registered = endpointNode is not null || (spec.Optional("base_url") is null && (endpoints.Find(DefaultEndpoint) is not null || !endpoints.AllowJobEndpoints));
        var settings = registered
            ? FromRegistry(spec, endpoints, endpointNode, model, requireKey)
            : FromJob(spec, endpoints, model, requireKey);
        return settings with
        {
            FewShotExamples = spec.Optional("examples")?.WholeNumber(0) ?? int.MaxValue,
            MaxConcurrency = AtMost(spec.Optional("max_concurrency")?.WholeNumber(1, 1024), settings.MaxConcurrency) ?? 8,
            RequestsPerMinute = AtMost(spec.Optional("requests_per_minute")?.WholeNumber(1), settings.RequestsPerMinute),
            TokensPerMinute = AtMost(spec.Optional("tokens_per_minute")?.WholeNumber(1), settings.TokensPerMinute),
            MaxRetries = spec.Optional("max_retries")?.WholeNumber(0, 100) ?? 6,
            MaxAnswerTokens = spec.Optional("max_answer_tokens")?.WholeNumber(1, 4096) ?? 16,
            LogProbabilities = spec.Optional("logprobs")?.Flag() ?? true,
        };
    }

    private static OpenAiTeacherSettings FromRegistry(SpecNode spec, TeacherEndpoints endpoints, SpecNode? endpointNode, string model, bool requireKey)
    {
        var name = endpointNode?.NonEmptyText() ?? DefaultEndpoint;
        var endpoint = endpoints.Resolve(name, TeacherEndpointKind.OpenAi, problem => (endpointNode ?? spec).Error(
            endpointNode is null ? $"an openai teacher needs 'endpoint': {problem}" : problem));
        if (endpoint.Models.Count > 0 && !endpoint.Models.Contains(model, StringComparer.Ordinal))
        {
            throw spec.Required("model").Error($"model '{model}' is not offered by endpoint '{name}' (offered: {string.Join(", ", endpoint.Models)})");
        }

        if (requireKey && string.IsNullOrEmpty(endpoint.ApiKey))
        {
            throw (endpointNode ?? spec).Error($"endpoint '{name}' has no API key configured ({TeacherEndpoints.Section}:{name}:ApiKey)");
        }

        var price = endpoint.Prices.TryGetValue(model, out var configured)
            ? new ModelPrice(configured.PromptUsdPerMillionTokens, configured.CompletionUsdPerMillionTokens)
            : null;
        return new OpenAiTeacherSettings(endpoint.Address ?? new Uri("http://unset.invalid"), model, endpoint.ApiKey ?? "", Price: price, EndpointName: name)
        {
            MaxConcurrency = endpoint.MaxConcurrency ?? 1024,
            RequestsPerMinute = endpoint.RequestsPerMinute,
            TokensPerMinute = endpoint.TokensPerMinute,
        };
    }

    private static OpenAiTeacherSettings FromJob(SpecNode spec, TeacherEndpoints endpoints, string model, bool requireKey)
    {
        var baseUrl = spec.Optional("base_url") is { } url ? Endpoint(url) : new Uri("https://api.openai.com/v1");
        var keyNode = spec.Optional("api_key_env");
        var keyVariable = keyNode?.NonEmptyText() ?? "OPENAI_API_KEY";
        var key = endpoints.Environment(keyVariable);
        if (requireKey && string.IsNullOrEmpty(key))
        {
            throw (keyNode ?? spec).Error($"environment variable {keyVariable} (the API key) is not set");
        }

        var promptPrice = spec.Optional("prompt_price_per_million")?.Number(0);
        var completionPrice = spec.Optional("completion_price_per_million")?.Number(0);
        if ((promptPrice is null) != (completionPrice is null))
        {
            throw spec.Error("give both prompt_price_per_million and completion_price_per_million, or neither");
        }

        var price = promptPrice is { } prompt ? new ModelPrice((decimal)prompt, (decimal)completionPrice!.Value) : null;
        return new OpenAiTeacherSettings(baseUrl, model, key ?? "", Price: price) { MaxConcurrency = 1024 };
    }

    /// <summary>The job's limit where it gives one, never above the endpoint's.</summary>
    private static int? AtMost(int? job, int? endpoint) => (job, endpoint) switch
    {
        ({ } asked, { } allowed) => Math.Min(asked, allowed),
        (null, var allowed) => allowed,
        (var asked, null) => asked,
    };

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
