using System.Text.Json.Nodes;
using Distillery.Inference.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Distillery.Inference.OpenAi;

/// <summary>
/// The OpenAI-compatible HTTP API over the same models and engines as the gRPC service, so the
/// OpenAI-compatible teacher and third-party tools (OpenAI's SDKs among them, with the base URL
/// set to <c>http://host:port/v1</c>) can use them: <c>GET /v1/models</c> and
/// <c>POST /v1/chat/completions</c>. It needs an HTTP/1.1 endpoint (the SDKs' default), and an API
/// key wherever the gRPC Inference API needs a token (<see cref="RequireApiKeyFilter"/>).
/// </summary>
public static class OpenAiEndpoints
{
    public static IEndpointRouteBuilder MapOpenAiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/v1").AddEndpointFilter<RequireApiKeyFilter>();
        api.MapGet("/models", ListModels);
        api.MapPost("/chat/completions", ChatCompletionsEndpoint.HandleAsync);
        return endpoints;
    }

    private static IResult ListModels(ModelRegistry models)
    {
        var data = new JsonArray([.. models.Models.Where(model => model.IsLoaded).Select(model => (JsonNode)new JsonObject
        {
            ["id"] = model.Options.Name,
            ["object"] = "model",
            ["created"] = new DateTimeOffset(File.GetLastWriteTimeUtc(model.Engine!.Model.Path)).ToUnixTimeSeconds(),
            ["owned_by"] = "distillery",
        })]);
        return Results.Text(new JsonObject { ["object"] = "list", ["data"] = data }.ToJsonString(), "application/json");
    }
}
