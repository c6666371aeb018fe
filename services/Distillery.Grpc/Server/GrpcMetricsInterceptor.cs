using System.Diagnostics.Metrics;

namespace Distillery.Grpc.Server;

/// <summary>
/// A duration histogram per method and status (OpenTelemetry's <c>rpc.server.duration</c>, under
/// Distillery's <c>distillery_</c> prefix so dashboards find it beside our other instruments).
/// </summary>
public sealed class GrpcMetricsInterceptor : IGrpcInterceptor, IDisposable
{
    public const string MeterName = "Distillery.Grpc";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _duration;

    public GrpcMetricsInterceptor() =>
        _duration = _meter.CreateHistogram<double>("distillery_rpc_server_duration", "ms", "Duration of gRPC calls served, by method and status");

    public ValueTask BeforeAsync(ServerCallContext context) => ValueTask.CompletedTask;

    public void After(ServerCallContext context, StatusCode status, TimeSpan duration) =>
        _duration.Record(
            duration.TotalMilliseconds,
            new KeyValuePair<string, object?>("rpc.method", context.Method),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)status));

    public void Dispose() => _meter.Dispose();
}
