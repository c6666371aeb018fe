using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Client;

/// <summary>Registers typed gRPC clients that share one HTTP/2 connection pool.</summary>
public static class GrpcClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> (a class constructed with a <see cref="GrpcChannel"/>,
    /// e.g. <c>JobsClient</c>) calling <paramref name="address"/>: as a singleton, and keyed by
    /// <paramref name="name"/> when one type calls several servers. Every client registered so
    /// shares one <see cref="SocketsHttpHandler"/> (several HTTP/2 connections per server,
    /// keep-alive pings), as gRPC channels should: one pool per process, not one per client.
    /// <paramref name="configure"/> sets this client's limits and retries.
    /// </summary>
    public static IServiceCollection AddGrpcClient<TClient>(this IServiceCollection services, string name, Uri address, Action<GrpcChannelOptions>? configure = null)
        where TClient : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(address);
        services.AddOptions();
        services.TryAddSingleton<SharedGrpcHandler>();
        services.AddOptions<GrpcChannelOptions>(name).Configure(options => configure?.Invoke(options));
        services.AddKeyedSingleton(name, (provider, _) => new GrpcChannel(
            address,
            provider.GetRequiredService<SharedGrpcHandler>().Handler,
            provider.GetRequiredService<IOptionsMonitor<GrpcChannelOptions>>().Get(name)));
        services.AddKeyedSingleton(name, (provider, _) => ActivatorUtilities.CreateInstance<TClient>(provider, provider.GetRequiredKeyedService<GrpcChannel>(name)));
        services.TryAddSingleton(provider => provider.GetRequiredKeyedService<TClient>(name));
        return services;
    }
}
