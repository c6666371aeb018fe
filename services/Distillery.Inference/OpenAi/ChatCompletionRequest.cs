using System.Text.Json;
using System.Text.Json.Nodes;
using Distillery.Llama;

namespace Distillery.Inference.OpenAi;

/// <summary>
/// The parts of an OpenAI chat-completions request the service honours, read leniently as the
/// API's clients send them: content as a string or as text parts, <c>max_completion_tokens</c> or
/// the older <c>max_tokens</c>, <c>stop</c> as a string or a list. Sampling knobs the engine has no
/// counterpart for (top_p, penalties) are accepted and ignored; what would change the answer's
/// meaning (n &gt; 1, tools) is refused with the parameter named.
/// </summary>
internal sealed record ChatCompletionRequest(
    string Model,
    IReadOnlyList<LlamaChatMessage> Messages,
    int? MaxTokens,
    float Temperature,
    uint Seed,
    bool Stream,
    bool IncludeUsage,
    bool LogProbabilities,
    int TopLogProbabilities,
    IReadOnlyList<string> Stop)
{
    public static ChatCompletionRequest Parse(JsonNode? body)
    {
        try
        {
            return Read(body);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A value of the wrong JSON kind (a string where a number belongs, say).
            throw new OpenAiRequestException($"the request is not valid: {e.Message}", e);
        }
    }

    private static ChatCompletionRequest Read(JsonNode? body)
    {
        if (body is not JsonObject request)
        {
            throw new OpenAiRequestException("the request body must be a JSON object", parameter: null);
        }

        var model = Text(request, "model") ?? throw new OpenAiRequestException("model is required", "model");
        if (request["messages"] is not JsonArray { Count: > 0 } messages)
        {
            throw new OpenAiRequestException("messages must be a non-empty array", "messages");
        }

        if (request["n"] is JsonValue n && n.GetValue<int>() != 1)
        {
            throw new OpenAiRequestException("only n = 1 is supported", "n");
        }

        if (request["tools"] is JsonArray { Count: > 0 })
        {
            throw new OpenAiRequestException("tools are not supported", "tools");
        }

        var logprobs = Flag(request, "logprobs");
        var top = Number(request, "top_logprobs") ?? 0;
        if (top is < 0 or > 20)
        {
            throw new OpenAiRequestException("top_logprobs must be between 0 and 20", "top_logprobs");
        }

        var maxTokens = Number(request, "max_completion_tokens") ?? Number(request, "max_tokens");
        if (maxTokens is < 1)
        {
            throw new OpenAiRequestException("max_completion_tokens must be at least 1", "max_completion_tokens");
        }

        return new ChatCompletionRequest(
            model,
            [.. messages.Select((message, i) => Message(message, i))],
            maxTokens,
            // OpenAI's default temperature is 1.
            (float)(request["temperature"]?.GetValue<double>() ?? 1.0),
            request["seed"] is JsonValue seed ? unchecked((uint)seed.GetValue<long>()) : (uint)Random.Shared.Next(),
            Flag(request, "stream"),
            request["stream_options"]?["include_usage"]?.GetValue<bool>() ?? false,
            logprobs,
            logprobs ? top : 0,
            Stops(request["stop"]));
    }

    private static LlamaChatMessage Message(JsonNode? node, int index)
    {
        var role = node?["role"]?.GetValue<string>() switch
        {
            "system" or "developer" => "system",
            "user" => "user",
            "assistant" => "assistant",
            var other => throw new OpenAiRequestException($"messages[{index}].role '{other}' is not supported (system, developer, user, assistant)", $"messages[{index}].role"),
        };
        var content = node!["content"] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select((part, j) => (string?)part?["type"] == "text"
                ? (string?)part["text"] ?? string.Empty
                : throw new OpenAiRequestException($"messages[{index}].content[{j}]: only text parts are supported", $"messages[{index}].content"))),
            null => string.Empty,
            _ => throw new OpenAiRequestException($"messages[{index}].content must be a string or an array of text parts", $"messages[{index}].content"),
        };
        return new LlamaChatMessage(role, content);
    }

    private static List<string> Stops(JsonNode? stop) => stop switch
    {
        null => [],
        JsonValue value => [value.GetValue<string>()],
        JsonArray values => [.. values.Select(value => value?.GetValue<string>() ?? string.Empty).Where(value => value.Length > 0)],
        _ => throw new OpenAiRequestException("stop must be a string or an array of strings", "stop"),
    };

    private static string? Text(JsonObject request, string name) => request[name] is JsonValue value ? value.GetValue<string>() : null;

    private static int? Number(JsonObject request, string name) => request[name] is JsonValue value ? value.GetValue<int>() : null;

    private static bool Flag(JsonObject request, string name) => request[name] is JsonValue value && value.GetValue<bool>();
}
