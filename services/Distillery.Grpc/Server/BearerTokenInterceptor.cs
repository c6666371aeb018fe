using Distillery.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Server;

/// <summary>
/// Calls to a protected service (<c>Distillery:Auth:ProtectedServices</c>) need a bearer token of
/// a configured principal, else UNAUTHENTICATED; the principal is then the call's user
/// (<see cref="CallerPrincipal.Of"/>), which the service uses to scope what it shows.
/// </summary>
public sealed class BearerTokenInterceptor(IOptions<AuthOptions> options) : IGrpcInterceptor
{
    public async ValueTask BeforeAsync(ServerCallContext context)
    {
        var service = context.Method.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
        if (!options.Value.Protects(service))
        {
            return;
        }

        var result = await context.HttpContext.AuthenticateAsync(BearerTokenAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
            throw new RpcException(StatusCode.Unauthenticated, result.None
                ? "a bearer token is required (authorization: Bearer <token>)"
                : "the bearer token is not valid");
        }

        context.HttpContext.User = result.Principal;
    }

    public void After(ServerCallContext context, StatusCode status, TimeSpan duration)
    {
    }
}
