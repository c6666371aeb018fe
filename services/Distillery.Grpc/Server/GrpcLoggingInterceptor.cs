using Microsoft.Extensions.Logging;

namespace Distillery.Grpc.Server;

/// <summary>
/// One log line per call: method, status and duration (never its messages: they may hold
/// research texts). Successful and cancelled calls log at Debug, so a busy service is quiet
/// by default; statuses that mean the server failed (UNKNOWN, INTERNAL, UNAVAILABLE, DATA_LOSS)
/// at Warning; the rest, answers about the caller's request, at Information.
/// </summary>
public sealed class GrpcLoggingInterceptor(ILogger<GrpcLoggingInterceptor> logger) : IGrpcInterceptor
{
    public ValueTask BeforeAsync(ServerCallContext context) => ValueTask.CompletedTask;

    public void After(ServerCallContext context, StatusCode status, TimeSpan duration)
    {
        var level = status switch
        {
            StatusCode.OK or StatusCode.Cancelled => LogLevel.Debug,
            StatusCode.Unknown or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DataLoss => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        if (logger.IsEnabled(level))
        {
            // The status by name, as a string: structured sinks would otherwise quote the enum.
            logger.Log(level, "gRPC {Method} ended with {Status} after {Milliseconds:0.0} ms", context.Method, status.ToString(), duration.TotalMilliseconds);
        }
    }
}
