using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Distillery.Grpc.Server;

/// <summary>
/// What every served call leaves behind: a span (activity source <c>Distillery.Grpc</c>), the
/// <c>distillery_rpc_server_duration</c> histogram by method and status (meter
/// <c>Distillery.Grpc</c>, the name dashboards already read), and one log line: successful and
/// cancelled calls at Debug, so a busy service is quiet by default; statuses that mean the server
/// failed (UNKNOWN, INTERNAL, UNAVAILABLE, DATA_LOSS) at Warning; the rest, answers about the
/// caller's request, at Information. Never the messages: they may hold research texts.
/// </summary>
public sealed class CallObservationInterceptor(ILogger<CallObservationInterceptor> logger) : ServerCallInterceptor, IDisposable
{
    public const string MeterName = "Distillery.Grpc";

    private readonly Meter _meter = new(MeterName);
    private Histogram<double>? _duration;

    private Histogram<double> Duration =>
        _duration ??= _meter.CreateHistogram<double>("distillery_rpc_server_duration", "ms", "Duration of gRPC calls served, by method and status");

    protected override async Task<T> AroundAsync<T>(ServerCallContext context, Func<Task<T>> proceed)
    {
        using var activity = GrpcServerActivity.Start(context);
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await proceed();
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        catch (Exception)
        {
            // grpc-dotnet answers anything else UNKNOWN (and logs the exception itself).
            status = StatusCode.Unknown;
            throw;
        }
        finally
        {
            GrpcServerActivity.Stop(activity, status);
            Record(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }

    private void Record(string method, StatusCode status, TimeSpan duration)
    {
        Duration.Record(
            duration.TotalMilliseconds,
            new KeyValuePair<string, object?>("rpc.method", method),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)status));
        var level = status switch
        {
            StatusCode.OK or StatusCode.Cancelled => LogLevel.Debug,
            StatusCode.Unknown or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DataLoss => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        if (logger.IsEnabled(level))
        {
            // The status by name, as a string: structured sinks would otherwise quote the enum.
            logger.Log(level, "gRPC {Method} ended with {Status} after {Milliseconds:0.0} ms", method, status.ToString(), duration.TotalMilliseconds);
        }
    }

    public void Dispose() => _meter.Dispose();
}
