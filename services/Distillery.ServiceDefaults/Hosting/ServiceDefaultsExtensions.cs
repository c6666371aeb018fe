using Distillery.ServiceDefaults.Database;
using Distillery.ServiceDefaults.Health;
using Distillery.ServiceDefaults.Logging;
using Distillery.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Distillery.ServiceDefaults.Hosting;

/// <summary>What every Distillery host gets: logs, telemetry, health, and the database when one is configured.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Serilog logging (levels from the <c>Serilog</c> section), OpenTelemetry metrics and traces (OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), a liveness check, and PostgreSQL with a
    /// readiness check when <c>Distillery:Database:ConnectionString</c> is set. Bad settings
    /// throw <see cref="Configuration.InvalidConfigurationException"/> naming the key.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName, TextWriter? logOutput = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        builder.AddDistilleryLogging(serviceName, logOutput);
        builder.AddDistilleryTelemetry(serviceName);
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("running"), tags: [HealthTags.Live]);
        builder.AddDistilleryDatabase();
        return builder;
    }

    /// <summary>What every host serves: a log line per request, and the health probes.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseDistilleryRequestLogging();
        app.MapDistilleryHealth();
        return app;
    }
}
