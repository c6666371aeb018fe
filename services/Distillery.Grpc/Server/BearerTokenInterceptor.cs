using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Server;

/// <summary>Refuses calls to protected services without a valid <c>authorization: Bearer …</c> header, as UNAUTHENTICATED.</summary>
public sealed class BearerTokenInterceptor(IOptions<BearerTokenOptions> options) : IGrpcInterceptor
{
    private const string Scheme = "Bearer ";

    public ValueTask BeforeAsync(ServerCallContext context)
    {
        var settings = options.Value;
        var service = context.Method.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
        if (!settings.ProtectedServices.Contains(service, StringComparer.Ordinal))
        {
            return ValueTask.CompletedTask;
        }

        var header = context.RequestHeaders.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(StatusCode.Unauthenticated, "a bearer token is required (authorization: Bearer <token>)");
        }

        var presented = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        // Compare in constant time, so response timing does not reveal how much of a token matched.
        return settings.Tokens.Any(token => CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token)))
            ? ValueTask.CompletedTask
            : throw new RpcException(StatusCode.Unauthenticated, "the bearer token is not valid");
    }

    public void After(ServerCallContext context, StatusCode status, TimeSpan duration)
    {
    }
}
