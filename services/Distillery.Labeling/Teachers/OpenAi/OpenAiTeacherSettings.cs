namespace Distillery.Labeling.Teachers.OpenAi;

/// <summary>
/// How to reach and pace an OpenAI-compatible chat endpoint: a registered one
/// (<paramref name="EndpointName"/>), or in local mode one the job gave. The API key is kept out
/// of <see cref="ToString"/> so that it cannot reach a log by accident.
/// </summary>
public sealed record OpenAiTeacherSettings(
    Uri Endpoint,
    string Model,
    string ApiKey,
    int FewShotExamples = int.MaxValue,
    int MaxConcurrency = 8,
    int? RequestsPerMinute = null,
    int? TokensPerMinute = null,
    int MaxRetries = 6,
    int MaxAnswerTokens = 16,
    bool LogProbabilities = true,
    ModelPrice? Price = null,
    string? EndpointName = null)
{
    public override string ToString() =>
        $"openai model {Model} at {EndpointName ?? Endpoint.ToString()} (concurrency {MaxConcurrency}, {RequestsPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited"} requests/min)";
}
