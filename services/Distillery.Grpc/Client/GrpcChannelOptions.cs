namespace Distillery.Grpc.Client;

/// <summary>How a channel connects and retries.</summary>
public sealed record GrpcChannelOptions
{
    /// <summary>Largest response message accepted (RESOURCE_EXHAUSTED beyond it).</summary>
    public int MaxReceiveMessageSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>Retries of a unary call that failed with UNAVAILABLE (never other statuses: they are answers, not outages).</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>HTTP/2 keep-alive pings, so a dead connection is noticed before a call hangs on it.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(30);
}
