using System.Text;
using System.Text.Json.Nodes;
using Distillery.Inference.Generation;

namespace Distillery.Inference.OpenAi;

/// <summary>The JSON of OpenAI's chat-completion objects: the whole completion, a streamed chunk, usage, and a token's logprobs.</summary>
internal static class ChatCompletionJson
{
    public static JsonObject Completion(string id, long created, string model, string content, string finishReason, JsonArray? logprobs, JsonObject usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["logprobs"] = logprobs is null ? null : new JsonObject { ["content"] = logprobs },
            ["finish_reason"] = finishReason,
        }),
        ["usage"] = usage,
    };

    public static JsonObject Chunk(string id, long created, string model, JsonObject delta, JsonArray? logprobs, string? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["logprobs"] = logprobs is null ? null : new JsonObject { ["content"] = logprobs },
            ["finish_reason"] = finishReason,
        }),
    };

    /// <summary>The last chunk of a stream whose client asked for usage: no choices, only the counts.</summary>
    public static JsonObject UsageChunk(string id, long created, string model, JsonObject usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(),
        ["usage"] = usage,
    };

    public static JsonObject Usage(int promptTokens, int cachedTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cachedTokens },
    };

    /// <summary>One entry of <c>logprobs.content</c>: the token's text, log-probability and bytes, and its top alternatives.</summary>
    public static JsonObject LogProbability(GeneratedToken token) => new()
    {
        ["token"] = Encoding.UTF8.GetString(token.Bytes),
        ["logprob"] = token.LogProbability,
        ["bytes"] = Bytes(token.Bytes),
        ["top_logprobs"] = new JsonArray([.. token.Alternatives.Select(alternative => (JsonNode)new JsonObject
        {
            ["token"] = Encoding.UTF8.GetString(alternative.Bytes),
            ["logprob"] = alternative.LogProbability,
            ["bytes"] = Bytes(alternative.Bytes),
        })]),
    };

    private static JsonArray Bytes(byte[] bytes) => new([.. bytes.Select(value => (JsonNode)(int)value)]);
}
