using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Distillery.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry through its hosting package: the providers start and flush with the host, the
/// instrumentation packages trace and measure ASP.NET Core, HttpClient, gRPC clients, the runtime
/// and Npgsql, and the standard <c>OTEL_*</c> variables configure the OTLP exporter.
/// </summary>
internal static class TelemetrySetup
{
    public static void AddDistilleryTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var export = OtlpExport.FromConfiguration(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(
                    serviceName,
                    serviceVersion: Assembly.GetEntryAssembly()?.GetName().Version?.ToString(),
                    serviceInstanceId: Environment.MachineName)
                // After AddService, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults.
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(DistilleryTelemetry.MeterNames))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation()
                .AddNpgsql()
                .AddSource(DistilleryTelemetry.ActivitySourceNames));
        if (export is not null)
        {
            // The exporter reads the other OTEL_EXPORTER_OTLP_* variables (headers, timeout) and
            // OTEL_METRIC_EXPORT_INTERVAL itself; with http/protobuf it adds each signal's path.
            telemetry.UseOtlpExporter(export.Protocol, export.Endpoint);
        }
    }
}
