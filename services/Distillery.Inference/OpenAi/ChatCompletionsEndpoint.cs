using System.Text.Json.Nodes;
using Distillery.Inference.Generation;
using Distillery.Inference.Models;
using Microsoft.AspNetCore.Http;

namespace Distillery.Inference.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c>: a chat formatted with the model's chat template and answered
/// by the model's engine (sharing its steps with every other call), whole or streamed as
/// server-sent events, with logprobs and top alternatives when asked. Stop strings end the
/// answer and free its sequence at once.
/// </summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task HandleAsync(HttpContext http, ModelRegistry models)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        ChatCompletionRequest request;
        LiveGeneration generation;
        try
        {
            request = ChatCompletionRequest.Parse(await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted));
            var engine = models.Get(request.Model);
            var settings = new GenerationSettings(request.MaxTokens ?? engine.ContextLength, request.Temperature, request.Seed, TopAlternatives: request.TopLogProbabilities);
            generation = TextGenerator.StartChat(engine, request.Messages, settings, call.Token);
        }
        catch (Exception e) when (OpenAiError.Describe(e) is { } error)
        {
            http.Response.StatusCode = error.Status;
            await WriteJson(http, error.Body);
            return;
        }

        var answer = new Answer(request, generation, call);
        if (request.Stream)
        {
            await StreamAsync(http, answer);
        }
        else
        {
            try
            {
                await answer.RunAsync(_ => Task.CompletedTask, http.RequestAborted);
            }
            catch (Exception e) when (OpenAiError.Describe(e) is { } error)
            {
                http.Response.StatusCode = error.Status;
                await WriteJson(http, error.Body);
                return;
            }

            await WriteJson(http, ChatCompletionJson.Completion(
                answer.Id, answer.Created, request.Model, answer.Text, answer.FinishReason, request.LogProbabilities ? answer.LogProbabilities : null, answer.Usage()));
        }
    }

    private static async Task StreamAsync(HttpContext http, Answer answer)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var request = answer.Request;
        await WriteEvent(http, ChatCompletionJson.Chunk(answer.Id, answer.Created, request.Model, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null, null));
        try
        {
            await answer.RunAsync(
                piece => WriteEvent(http, ChatCompletionJson.Chunk(
                    answer.Id, answer.Created, request.Model, new JsonObject { ["content"] = piece.Text }, piece.LogProbabilities, null)),
                http.RequestAborted);
        }
        catch (Exception e) when (OpenAiError.Describe(e) is { } error)
        {
            // The status is sent already: the error goes in the stream, as OpenAI sends it.
            await WriteEvent(http, error.Body);
            return;
        }

        await WriteEvent(http, ChatCompletionJson.Chunk(answer.Id, answer.Created, request.Model, [], null, answer.FinishReason));
        if (request.IncludeUsage)
        {
            await WriteEvent(http, ChatCompletionJson.UsageChunk(answer.Id, answer.Created, request.Model, answer.Usage()));
        }

        await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
    }

    private static async Task WriteEvent(HttpContext http, JsonObject data)
    {
        await http.Response.WriteAsync($"data: {data.ToJsonString()}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static Task WriteJson(HttpContext http, JsonObject body)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }
}
