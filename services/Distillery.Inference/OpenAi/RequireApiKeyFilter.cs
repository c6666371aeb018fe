using Distillery.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Distillery.Inference.OpenAi;

/// <summary>
/// The OpenAI-compatible API takes the same principals as the gRPC Inference API and is protected
/// whenever that is: the key goes in <c>Authorization: Bearer</c>, as OpenAI's clients send it, and a
/// call without a valid one gets 401 in OpenAI's error shape (<c>invalid_api_key</c>).
/// </summary>
internal sealed class RequireApiKeyFilter : IEndpointFilter
{
    public const string ProtectedBy = "distillery.v1.Inference";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Protects(ProtectedBy))
        {
            return await next(context);
        }

        var result = await http.AuthenticateAsync(BearerTokenAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
            var message = result.None
                ? "You didn't provide an API key. Provide it in an Authorization header: Bearer <key>."
                : "Incorrect API key provided.";
            return Results.Json(OpenAiError.Body(message, "invalid_request_error", null, "invalid_api_key"), statusCode: StatusCodes.Status401Unauthorized);
        }

        http.User = result.Principal;
        return await next(context);
    }
}
