using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Distillery.Grpc.Client;

/// <summary>
/// The HTTP/2 connection pool gRPC calls travel on: several connections per server once one is
/// full of streams (HTTP/2 caps concurrent streams per connection, 100 on Kestrel), keep-alive
/// pings while calls are active, and connections that stay open between calls.
/// </summary>
internal static class GrpcHttpHandler
{
    public static SocketsHttpHandler Create(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        };
        if (options.RootCertificates is { Count: > 0 } roots)
        {
            var chain = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                // A cluster CA issues short-lived certificates and publishes no revocation lists.
                RevocationMode = X509RevocationMode.NoCheck,
            };
            chain.CustomTrustStore.AddRange(roots);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = chain };
        }

        return handler;
    }
}
