namespace Distillery.Grpc.Client;

/// <summary>Per-call settings: a deadline (sent as <c>grpc-timeout</c>), metadata, and cancellation.</summary>
public sealed record CallOptions(TimeSpan? Timeout = null, IReadOnlyDictionary<string, string>? Metadata = null, CancellationToken CancellationToken = default);
