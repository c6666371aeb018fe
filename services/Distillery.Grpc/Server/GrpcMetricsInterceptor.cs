using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Distillery.Grpc.Server;

/// <summary>
/// A duration histogram per method and status (OpenTelemetry's <c>rpc.server.duration</c>, under
/// Distillery's <c>distillery_</c> prefix so dashboards find it beside our other instruments), and
/// a log line per failed call with its method and status (never its messages: they may hold texts).
/// </summary>
public sealed class GrpcMetricsInterceptor : IGrpcInterceptor, IDisposable
{
    public const string MeterName = "Distillery.Grpc";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _duration;
    private readonly ILogger<GrpcMetricsInterceptor> _logger;

    public GrpcMetricsInterceptor(ILogger<GrpcMetricsInterceptor> logger)
    {
        _logger = logger;
        _duration = _meter.CreateHistogram<double>("distillery_rpc_server_duration", "ms", "Duration of gRPC calls served, by method and status");
    }

    public ValueTask BeforeAsync(ServerCallContext context) => ValueTask.CompletedTask;

    public void After(ServerCallContext context, StatusCode status, TimeSpan duration)
    {
        _duration.Record(
            duration.TotalMilliseconds,
            new KeyValuePair<string, object?>("rpc.method", context.Method),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)status));
        if (status is not (StatusCode.OK or StatusCode.Cancelled))
        {
            _logger.LogInformation("gRPC {Method} ended with {Status} after {Milliseconds:0.0} ms", context.Method, status, duration.TotalMilliseconds);
        }
    }

    public void Dispose() => _meter.Dispose();
}
