using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Distillery.ServiceDefaults.Telemetry;

/// <summary>
/// Starts the providers with the host (they are resolved lazily otherwise) and flushes them
/// when it stops, so the last seconds of a job's metrics reach the collector.
/// </summary>
internal sealed class TelemetryLifetime(MeterProvider meters, TracerProvider traces) : IHostedService
{
    private const int FlushTimeoutMilliseconds = 5_000;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        traces.ForceFlush(FlushTimeoutMilliseconds);
        meters.ForceFlush(FlushTimeoutMilliseconds);
        return Task.CompletedTask;
    }
}
