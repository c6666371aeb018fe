using System.Security.Cryptography.X509Certificates;

namespace Distillery.Grpc.Client;

/// <summary>
/// How Distillery's clients call a server: message limit, retries of refused calls, keep-alive,
/// trusted roots for TLS, and the bearer token. <see cref="DistilleryChannel"/> turns them into
/// grpc-dotnet's channel options and service config.
/// </summary>
public sealed class ChannelSettings
{
    /// <summary>Largest response message accepted (RESOURCE_EXHAUSTED beyond it).</summary>
    public int MaxReceiveMessageSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>Retries of a call refused with UNAVAILABLE (never other statuses: they are answers, not outages). 0 for none.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's wait; later ones grow by half again each time (the retry policy randomises each wait below its bound).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP/2 keep-alive pings, so a dead connection is noticed before a call hangs on it.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For https:// addresses: the roots a server certificate must chain to (e.g. the cluster's
    /// CA) instead of the system's trust store. Null trusts the system's store.
    /// </summary>
    public X509Certificate2Collection? RootCertificates { get; set; }

    /// <summary>Sent as <c>authorization: Bearer ...</c> on every call; null sends none.</summary>
    public string? BearerToken { get; set; }
}
