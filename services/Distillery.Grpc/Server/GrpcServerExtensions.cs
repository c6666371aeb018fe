using System.Runtime.CompilerServices;
using Distillery.Grpc.Hosting;
using Distillery.ServiceDefaults.Security;
using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Server;

/// <summary>Registers grpc-dotnet as every Distillery host serves it, and maps a service with health and reflection beside it.</summary>
public static class GrpcServerExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>A check that is healthy while the host serves gRPC, so the health service always has one.</summary>
    private const string GrpcCheckName = "grpc";

    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, object> HostsWithHealth = [];

    /// <summary>
    /// grpc-dotnet with Distillery's options (<c>Distillery:Grpc</c>, validated at start-up) and
    /// interceptors, outermost first: per-call span, log and metrics (so they see the final
    /// status), bearer-token authentication, domain exceptions to status codes. Health
    /// (<c>grpc.health.v1.Health</c>) answers from the host's <c>ready</c>-tagged checks;
    /// reflection describes every service mapped.
    /// </summary>
    public static IServiceCollection AddDistilleryGrpc(this IServiceCollection services)
    {
        services.AddOptions<GrpcServerOptions>().BindConfiguration(GrpcServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GrpcEndpointOptions>().BindConfiguration(GrpcServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDistilleryAuth();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<KestrelServerOptions>, GrpcKestrelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<GrpcServiceOptions>, GrpcServiceSetup>());
        // Singletons: grpc-dotnet takes an interceptor from the container when it is there,
        // instead of making one per call (the observation interceptor owns a Meter).
        services.TryAddSingleton<CallObservationInterceptor>();
        services.TryAddSingleton<BearerTokenInterceptor>();
        services.TryAddSingleton<ExceptionStatusInterceptor>();
        services.AddGrpc();
        UseParsingBinder(services);
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(options =>
            {
                options.Services.Map(string.Empty, check => check.Tags.Contains(ReadyTag));
                options.UseHealthChecksCache = false;
            })
            .AddCheck(GrpcCheckName, () => HealthCheckResult.Healthy("gRPC is served"), [ReadyTag]);
        return services;
    }

    /// <summary>
    /// Replaces grpc-dotnet's binder with <see cref="ParsingServiceMethodProvider{TService}"/>
    /// (the same binding, with unparsable requests INVALID_ARGUMENT); after every
    /// <c>AddGrpc</c>, which adds its own again, or each method would be mapped twice.
    /// </summary>
    private static void UseParsingBinder(IServiceCollection services)
    {
        var binders = services.Where(service => service.ServiceType == typeof(IServiceMethodProvider<>) &&
            service.ImplementationType is { Name: var name } && name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal)).ToList();
        foreach (var binder in binders)
        {
            services.Remove(binder);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(ParsingServiceMethodProvider<>)));
    }

    /// <summary>
    /// Maps <typeparamref name="TService"/> (a class derived from a generated <c>*Base</c>), with
    /// the standard health service, which also answers for this service by name, and reflection.
    /// </summary>
    public static IEndpointRouteBuilder MapDistilleryGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class
    {
        // gRPC bounds each message (MaxReceiveMessageSize, RESOURCE_EXHAUSTED beyond it), not the
        // body: without this Kestrel's 30 MB body limit ends a large call with a reset that the
        // client reports as UNKNOWN, or a stream of many small messages before its end.
        endpoints.MapGrpcService<TService>().WithMetadata(UnlimitedRequestBody.Instance);
        if (GrpcServiceName.Of(typeof(TService)) is { } name)
        {
            endpoints.ServiceProvider.GetRequiredService<IOptions<GrpcHealthChecksOptions>>().Value.Services.Map(name, check => check.Tags.Contains(ReadyTag));
        }

        // Once per host, however many services it maps: a second mapping would make every health
        // and reflection call ambiguous.
        if (HostsWithHealth.TryAdd(endpoints, HostsWithHealth))
        {
            endpoints.MapGrpcHealthChecksService();
            endpoints.MapGrpcReflectionService();
        }

        return endpoints;
    }

}
