using Distillery.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Server;

/// <summary>
/// Calls to a protected service (<c>Distillery:Auth:ProtectedServices</c>) need a bearer token of
/// a configured principal, else UNAUTHENTICATED; the principal is then the call's user
/// (<see cref="CallerPrincipal.Of"/>), which the service uses to scope what it shows. An
/// interceptor rather than ASP.NET Core's authorization middleware because which services are
/// protected is configuration, and health and reflection stay open on the same port.
/// </summary>
public sealed class BearerTokenInterceptor(IOptions<AuthOptions> options) : ServerCallInterceptor
{
    protected override async Task<T> AroundAsync<T>(ServerCallContext context, Func<Task<T>> proceed)
    {
        var service = context.Method.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
        if (options.Value.Protects(service))
        {
            var http = context.GetHttpContext();
            var result = await http.AuthenticateAsync(BearerTokenAuthenticationHandler.SchemeName);
            if (!result.Succeeded)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, result.None
                    ? "a bearer token is required (authorization: Bearer <token>)"
                    : "the bearer token is not valid"));
            }

            http.User = result.Principal;
        }

        return await proceed();
    }
}
