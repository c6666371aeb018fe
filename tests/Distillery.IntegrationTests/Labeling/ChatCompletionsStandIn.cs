using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distillery.IntegrationTests.Labeling;

/// <summary>
/// A stand-in for a paid chat-completions API, on loopback: only what a teacher's client meets
/// there (answers with usage and logprobs, 429 with Retry-After, latency). Each answer comes
/// from <see cref="Answer"/>, given the fenced document text and the attempt (1, or 2 after a
/// reminder). Every request body is kept for the test to read.
/// </summary>
internal sealed partial class ChatCompletionsStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _throttle;

    private ChatCompletionsStandIn(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public ConcurrentQueue<DateTimeOffset> Throttled { get; } = new();

    /// <summary>Document text and attempt to the answer; by default "spam" for texts with "WIN", else "ham".</summary>
    public Func<string, int, string> Answer { get; set; } = (text, _) => text.Contains("WIN", StringComparison.Ordinal) ? "spam" : "ham";

    public TimeSpan Latency { get; set; }

    /// <summary>Answer the next <paramref name="requests"/> requests with 429 and <c>Retry-After: 1</c>.</summary>
    public void ThrottleNext(int requests) => Interlocked.Exchange(ref _throttle, requests);

    public static async Task<ChatCompletionsStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new ChatCompletionsStandIn(app);
        app.MapPost("/v1/chat/completions", standIn.Complete);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseUrl = new Uri(address + "/v1");
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task Complete(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        Requests.Enqueue(body);
        if (Interlocked.Decrement(ref _throttle) >= 0)
        {
            Throttled.Enqueue(DateTimeOffset.UtcNow);
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsJsonAsync(new { error = new { message = "Rate limit reached", type = "requests" } });
            return;
        }

        await Task.Delay(Latency);
        var messages = body["messages"]!.AsArray();
        var userTurns = messages.Where(message => (string?)message!["role"] == "user").Select(message => (string)message!["content"]!).ToList();
        var attempt = (string?)messages[^1]!["role"] == "user" && messages.Count >= 2 && (string?)messages[^2]!["role"] == "assistant" && Fenced(userTurns[^1]) is null ? 2 : 1;
        var text = Fenced(userTurns.Last(turn => Fenced(turn) is not null)) ?? "";
        var answer = Answer(text, attempt);
        var promptTokens = messages.Sum(message => ((string?)message!["content"])?.Length ?? 0) / 4;
        var reply = new JsonObject
        {
            ["id"] = "chatcmpl-standin",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = (string?)body["model"],
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                ["finish_reason"] = "stop",
                ["logprobs"] = new JsonObject { ["content"] = new JsonArray(FirstToken(answer)) },
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = 1, ["total_tokens"] = promptTokens + 1 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.ToJsonString());
    }

    /// <summary>The answer as the first token at probability 0.9, the other label at 0.1.</summary>
    private static JsonObject FirstToken(string answer)
    {
        var other = answer == "spam" ? "ham" : "spam";
        return new JsonObject
        {
            ["token"] = answer,
            ["logprob"] = Math.Log(0.9),
            ["bytes"] = Bytes(answer),
            ["top_logprobs"] = new JsonArray(
                new JsonObject { ["token"] = answer, ["logprob"] = Math.Log(0.9), ["bytes"] = Bytes(answer) },
                new JsonObject { ["token"] = other, ["logprob"] = Math.Log(0.1), ["bytes"] = Bytes(other) }),
        };
    }

    private static JsonArray Bytes(string token) => new([.. Encoding.UTF8.GetBytes(token).Select(b => (JsonNode)(int)b)]);

    private static string? Fenced(string turn) => FenceRegex().Match(turn) is { Success: true } match ? match.Groups["text"].Value : null;

    [GeneratedRegex(@"<(?<marker>document-[0-9a-f]{12})>\n(?<text>.*)\n</\k<marker>>", RegexOptions.Singleline)]
    private static partial Regex FenceRegex();
}
