using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Distillery.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry providers built by hand (the hosting and instrumentation packages are not
/// available here): they subscribe to meters and activity sources by name.
/// </summary>
internal static class TelemetrySetup
{
    public static void AddDistilleryTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var options = TelemetryOptions.FromConfiguration(builder.Configuration, serviceName);
        builder.Services.AddSingleton(options);

        // Factories, not instances: the container then disposes (and so flushes) them on shutdown.
        builder.Services.AddSingleton(_ => BuildMeterProvider(options));
        builder.Services.AddSingleton(_ => BuildTracerProvider(options));
        builder.Services.AddHostedService<TelemetryLifetime>();
    }

    private static ResourceBuilder Resource(TelemetryOptions options) =>
        ResourceBuilder.CreateDefault().AddService(
            options.ServiceName,
            serviceVersion: Assembly.GetEntryAssembly()?.GetName().Version?.ToString(),
            serviceInstanceId: Environment.MachineName);

    private static MeterProvider BuildMeterProvider(TelemetryOptions options)
    {
        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(Resource(options))
            .AddMeter(DistilleryTelemetry.MeterNames);
        if (options.ExportEnabled)
        {
            builder.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = options.SignalEndpoint("v1/metrics");
                exporter.Protocol = options.Protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.MetricExportIntervalMilliseconds;
            });
        }

        return builder.Build();
    }

    private static TracerProvider BuildTracerProvider(TelemetryOptions options)
    {
        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(Resource(options))
            .AddSource(DistilleryTelemetry.ActivitySourceNames);
        if (options.ExportEnabled)
        {
            builder.AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = options.SignalEndpoint("v1/traces");
                exporter.Protocol = options.Protocol;
            });
        }

        return builder.Build();
    }
}
