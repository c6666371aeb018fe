using Grpc.Health.V1;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Distillery.Grpc.Server;

/// <summary>Registers the gRPC server pieces every host shares, and maps the standard health service.</summary>
public static class GrpcServerExtensions
{
    public static IServiceCollection AddDistilleryGrpc(this IServiceCollection services)
    {
        services.AddOptions<GrpcServerOptions>().BindConfiguration(GrpcServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BearerTokenOptions>().BindConfiguration(BearerTokenOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcInterceptor, BearerTokenInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcInterceptor, GrpcMetricsInterceptor>());
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton<GrpcHealthService>();
        services.AddHealthChecks();
        return services;
    }

    public static IEndpointRouteBuilder MapGrpcHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<GrpcHealthService>(HealthReflection.Descriptor.Services.Single(service => service.Name == "Health"));
}
