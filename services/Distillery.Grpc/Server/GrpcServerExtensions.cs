using Distillery.Grpc.Hosting;
using Distillery.Grpc.Reflection;
using Distillery.ServiceDefaults.Security;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Distillery.Grpc.Server;

/// <summary>Registers the gRPC server pieces every host shares, and maps the standard health and reflection services.</summary>
public static class GrpcServerExtensions
{
    /// <summary>
    /// Options (<c>Distillery:Grpc</c>, validated at start-up), the Kestrel endpoints they name,
    /// and the interceptors in the order they run: bearer-token authentication, logging, metrics.
    /// </summary>
    public static IServiceCollection AddDistilleryGrpc(this IServiceCollection services)
    {
        services.AddOptions<GrpcServerOptions>().BindConfiguration(GrpcServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GrpcEndpointOptions>().BindConfiguration(GrpcServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDistilleryAuth();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<KestrelServerOptions>, GrpcKestrelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcInterceptor, BearerTokenInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcInterceptor, GrpcLoggingInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcInterceptor, GrpcMetricsInterceptor>());
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton<GrpcHealthService>();
        services.TryAddSingleton<GrpcReflectionService>();
        services.TryAddSingleton<GrpcReflectionV1Service>();
        services.AddHealthChecks();
        return services;
    }

    public static IEndpointRouteBuilder MapGrpcHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<GrpcHealthService>(HealthReflection.Descriptor.Services.Single(service => service.Name == "Health"));

    /// <summary>
    /// Server reflection, v1alpha and v1, describing every service mapped on this host. Not
    /// behind the bearer token (it reveals schemas, not data); map it only where the schemas
    /// may be seen, which for Distillery's in-cluster hosts they may.
    /// </summary>
    public static IEndpointRouteBuilder MapGrpcReflection(this IEndpointRouteBuilder endpoints) =>
        endpoints
            .MapGrpcService<GrpcReflectionService>(V1Alpha.ReflectionReflection.Descriptor.Services.Single())
            .MapGrpcService<GrpcReflectionV1Service>(V1.ReflectionReflection.Descriptor.Services.Single());
}
