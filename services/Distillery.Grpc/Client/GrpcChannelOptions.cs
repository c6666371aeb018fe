using System.Security.Cryptography.X509Certificates;

namespace Distillery.Grpc.Client;

/// <summary>
/// How a channel calls: message limits and retries per channel; keep-alive and trusted roots
/// shape its connections. A channel that makes its own handler takes all of them from here;
/// clients registered with <see cref="GrpcClientServiceCollectionExtensions.AddGrpcClient{TClient}"/>
/// share one handler, which takes the connection settings from the unnamed options
/// (<c>services.Configure&lt;GrpcChannelOptions&gt;(...)</c>).
/// </summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted (RESOURCE_EXHAUSTED beyond it).</summary>
    public int MaxReceiveMessageSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>Retries of a unary call refused with UNAVAILABLE before the server took it on (never other statuses: they are answers, not outages).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's wait; each later one doubles it, with ±20% jitter so callers refused together do not return together.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>HTTP/2 keep-alive pings, so a dead connection is noticed before a call hangs on it.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For https:// addresses: the roots a server certificate must chain to (e.g. the cluster's
    /// CA) instead of the system's trust store. Null trusts the system's store.
    /// </summary>
    public X509Certificate2Collection? RootCertificates { get; set; }
}
