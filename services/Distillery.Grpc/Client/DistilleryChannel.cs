using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace Distillery.Grpc.Client;

/// <summary>
/// grpc-dotnet channels as every Distillery client wants them: the retry policy (UNAVAILABLE
/// only) as a service config, an HTTP/2 connection pool with keep-alive that opens more
/// connections once one is full of streams, the cluster's trust roots, and the bearer token
/// as call credentials. One channel per server, shared by every client of it.
/// </summary>
public static class DistilleryChannel
{
    /// <summary>A channel to <paramref name="address"/>: http:// speaks HTTP/2 with prior knowledge (in-cluster), https:// negotiates it.</summary>
    public static GrpcChannel Create(Uri address, ChannelSettings? settings = null)
    {
        settings ??= new ChannelSettings();
        var options = new GrpcChannelOptions { HttpHandler = Handler(settings), DisposeHttpClient = true };
        Configure(options, settings, address);
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>Everything but the handler: for channels whose handler comes from elsewhere (Grpc.Net.ClientFactory).</summary>
    public static void Configure(GrpcChannelOptions options, ChannelSettings settings, Uri address)
    {
        options.MaxReceiveMessageSize = settings.MaxReceiveMessageSize;
        options.MaxSendMessageSize = null;
        if (settings.MaxRetries > 0)
        {
            options.ServiceConfig = new ServiceConfig { MethodConfigs = { RetryOnUnavailable(settings) } };
        }

        if (settings.BearerToken is { Length: > 0 } token)
        {
            var credentials = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", $"Bearer {token}");
                return Task.CompletedTask;
            });
            var secure = address.Scheme == Uri.UriSchemeHttps;
            options.Credentials = ChannelCredentials.Create(secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, credentials);
            // In the cluster the token travels on plaintext HTTP/2 between pods, as it always has.
            options.UnsafeUseInsecureChannelCallCredentials = !secure;
        }
    }

    /// <summary>The connection pool: several HTTP/2 connections per server (Kestrel allows 100 streams on each), pings while calls run, connections kept between calls.</summary>
    public static SocketsHttpHandler Handler(ChannelSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = settings.KeepAlivePingDelay,
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        };
        if (settings.RootCertificates is { Count: > 0 } roots)
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

    private static MethodConfig RetryOnUnavailable(ChannelSettings settings) => new()
    {
        Names = { MethodName.Default },
        RetryPolicy = new RetryPolicy
        {
            MaxAttempts = settings.MaxRetries + 1,
            InitialBackoff = settings.InitialBackoff,
            MaxBackoff = settings.MaxBackoff,
            BackoffMultiplier = 1.5,
            RetryableStatusCodes = { StatusCode.Unavailable },
        },
    };
}
