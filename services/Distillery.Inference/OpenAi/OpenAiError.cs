using System.Text.Json;
using System.Text.Json.Nodes;
using Distillery.Inference.Engine;
using Distillery.Inference.Models;
using Microsoft.AspNetCore.Http;

namespace Distillery.Inference.OpenAi;

/// <summary>Failures as OpenAI's API reports them: an HTTP status and <c>{"error": {message, type, param, code}}</c>, which its SDKs turn into exceptions.</summary>
internal static class OpenAiError
{
    /// <summary>The status and error body for a failure of the endpoint's own kinds; null for anything else (a fault).</summary>
    public static (int Status, JsonObject Body)? Describe(Exception error) => error switch
    {
        OpenAiRequestException bad => (StatusCodes.Status400BadRequest, Body(bad.Message, "invalid_request_error", bad.Parameter, null)),
        ArgumentException or NoChatTemplateException => (StatusCodes.Status400BadRequest, Body(error.Message, "invalid_request_error", null, null)),
        JsonException => (StatusCodes.Status400BadRequest, Body($"the request is not valid JSON: {error.Message}", "invalid_request_error", null, null)),
        ModelNotFoundException => (StatusCodes.Status404NotFound, Body(error.Message, "invalid_request_error", "model", "model_not_found")),
        ModelNotLoadedException => (StatusCodes.Status503ServiceUnavailable, Body(error.Message, "server_error", "model", null)),
        InferenceOverloadedException => (StatusCodes.Status429TooManyRequests, Body(error.Message, "requests", null, "rate_limit_exceeded")),
        _ => null,
    };

    public static JsonObject Body(string message, string type, string? parameter, string? code) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = parameter, ["code"] = code },
    };
}
