using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Distillery.Testing.ProtobufFields;

namespace Distillery.Benchmarks.Labeling;

/// <summary>
/// What one service process exported in its latest OTLP metrics push: per instrument, the sum
/// over its attribute sets of a counter's value or of a histogram's sum, and of the histogram's
/// count. The exporter's temporality is cumulative, so these are totals since the process started.
/// </summary>
internal sealed record MetricsSnapshot(IReadOnlyDictionary<string, (double Sum, long Count)> Instruments)
{
    public static readonly MetricsSnapshot Empty = new(new Dictionary<string, (double, long)>());

    public (double Sum, long Count) this[string instrument] => Instruments.GetValueOrDefault(instrument);
}

/// <summary>
/// A minimal OTLP/HTTP collector on loopback for the benchmark's service processes
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>): keeps each service's latest metrics export, read field by
/// field from <c>ExportMetricsServiceRequest</c> (opentelemetry/proto/metrics/v1/metrics.proto)
/// with Google.Protobuf's wire reader; traces are accepted and dropped.
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (DateTime Received, MetricsSnapshot Metrics)> _latest = new(StringComparer.Ordinal);

    private OtlpCollector(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var collector = new OtlpCollector(builder.Build());
        collector._app.MapPost("/v1/{signal}", collector.AcceptAsync);
        await collector._app.StartAsync();
        collector.Address = new Uri(collector._app.Urls.First());
        return collector;
    }

    /// <summary>Each service's metrics as exported after <paramref name="after"/> (waits for the next push).</summary>
    public async Task<IReadOnlyDictionary<string, MetricsSnapshot>> SnapshotAsync(IReadOnlyCollection<string> services, DateTime after)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var snapshots = services.ToDictionary(
                service => service,
                service => _latest.TryGetValue(service, out var latest) && latest.Received > after ? latest.Metrics : null,
                StringComparer.Ordinal);
            if (snapshots.Values.All(snapshot => snapshot is not null))
            {
                return snapshots!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no metrics export after {after:O} from {string.Join(", ", snapshots.Where(pair => pair.Value is null).Select(pair => pair.Key))}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task AcceptAsync(HttpContext context, string signal)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (signal == "metrics")
        {
            foreach (var (service, metrics) in Parse(body.ToArray()))
            {
                _latest[service] = (DateTime.UtcNow, metrics);
            }
        }

        // An empty Export*ServiceResponse is an empty protobuf message: full success.
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static Dictionary<string, MetricsSnapshot> Parse(byte[] exportRequest)
    {
        var services = new Dictionary<string, MetricsSnapshot>(StringComparer.Ordinal);
        foreach (var resourceMetrics in Fields(exportRequest, 1))
        {
            var service = Fields(resourceMetrics, 1).Select(resource => ServiceName(resource)).LastOrDefault() ?? string.Empty;
            var instruments = new Dictionary<string, (double Sum, long Count)>(StringComparer.Ordinal);
            foreach (var metric in Fields(resourceMetrics, 2).SelectMany(scope => Fields(scope, 2)))
            {
                var name = Text(metric, 1);
                var (sum, count) = instruments.GetValueOrDefault(name);
                // Sum (7): NumberDataPoints in field 1, value as_double (4) or as_int (6).
                foreach (var point in Fields(metric, 7).SelectMany(data => Fields(data, 1)))
                {
                    sum += Number(point, 4, 6);
                    count++;
                }

                // Histogram (9): HistogramDataPoints in field 1, count (4, fixed64) and sum (5, double).
                foreach (var point in Fields(metric, 9).SelectMany(data => Fields(data, 1)))
                {
                    sum += Number(point, 5, 0);
                    count += (long)Fixed64(point, 4);
                }

                instruments[name] = (sum, count);
            }

            services[service] = new MetricsSnapshot(instruments);
        }

        return services;
    }

    private static string? ServiceName(byte[] resource)
    {
        foreach (var attribute in Fields(resource, 1))
        {
            if (Text(attribute, 1) == "service.name")
            {
                return Fields(attribute, 2).Select(value => Text(value, 1)).LastOrDefault();
            }
        }

        return null;
    }

    private static double Number(byte[] message, int doubleField, int int64Field)
    {
        var input = new CodedInputStream(message);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            if (field == doubleField)
            {
                return input.ReadDouble();
            }

            if (field == int64Field)
            {
                return input.ReadSFixed64();
            }

            input.SkipLastField();
        }

        return 0;
    }

    private static ulong Fixed64(byte[] message, int field)
    {
        var input = new CodedInputStream(message);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == field)
            {
                return input.ReadFixed64();
            }

            input.SkipLastField();
        }

        return 0;
    }
}
