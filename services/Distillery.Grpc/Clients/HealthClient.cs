using Distillery.Grpc.Client;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;

namespace Distillery.Grpc.Clients;

/// <summary><c>grpc.health.v1.Health</c>, which every Distillery host serves.</summary>
public sealed class HealthClient(GrpcChannel channel) : GrpcClient(channel, Descriptor)
{
    public static ServiceDescriptor Descriptor { get; } = HealthReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Health");

    public Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, CallOptions? options = null) =>
        UnaryAsync<HealthCheckRequest, HealthCheckResponse>("Check", request, options);

    /// <summary>The status now, then each change of it, until the call is cancelled.</summary>
    public IAsyncEnumerable<HealthCheckResponse> WatchAsync(HealthCheckRequest request, CallOptions? options = null) =>
        ServerStreamingAsync<HealthCheckRequest, HealthCheckResponse>("Watch", request, options);
}
