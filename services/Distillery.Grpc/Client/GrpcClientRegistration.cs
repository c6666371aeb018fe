using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;

namespace Distillery.Grpc.Client;

/// <summary>Generated clients registered with Grpc.Net.ClientFactory, configured as <see cref="DistilleryChannel"/> configures channels.</summary>
public static class GrpcClientRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> (a generated <c>*Client</c>) calling
    /// <paramref name="address"/>, its handler the factory's pooled one, built by
    /// <see cref="DistilleryChannel.Handler"/>. <paramref name="configure"/> sets its limits, retries and token.
    /// </summary>
    public static IHttpClientBuilder AddDistilleryGrpcClient<TClient>(this IServiceCollection services, Func<IServiceProvider, Uri> address, Action<IServiceProvider, ChannelSettings>? configure = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(address);
        ChannelSettings Settings(IServiceProvider provider)
        {
            var settings = new ChannelSettings();
            configure?.Invoke(provider, settings);
            return settings;
        }

        return services
            .AddGrpcClient<TClient>((provider, options) => options.Address = address(provider))
            .ConfigurePrimaryHttpMessageHandler(provider => DistilleryChannel.Handler(Settings(provider)))
            .ConfigureChannel((provider, options) => DistilleryChannel.Configure(options, Settings(provider), address(provider)));
    }
}
