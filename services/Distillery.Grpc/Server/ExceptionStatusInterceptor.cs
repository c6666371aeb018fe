using System.Data.Common;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Distillery.Grpc.Server;

/// <summary>
/// Turns what a handler threw into the status its caller sees. Statuses the handler chose pass
/// through (their message cut to a length clients accept in a header); an unparsable request or
/// an <see cref="ArgumentException"/> is INVALID_ARGUMENT; a passed deadline is DEADLINE_EXCEEDED;
/// a transient database failure is UNAVAILABLE (worth retrying). Anything else goes on to
/// grpc-dotnet, which logs it and answers UNKNOWN without the exception's message, because
/// messages can hold internals (or texts) the caller must not see.
/// </summary>
public sealed class ExceptionStatusInterceptor(ILogger<ExceptionStatusInterceptor> logger) : ServerCallInterceptor
{
    /// <summary>Longer messages are cut: they travel in a header, which clients bound (often to 8 or 16 KiB).</summary>
    internal const int MaxMessageLength = 2048;

    protected override async Task<T> AroundAsync<T>(ServerCallContext context, Func<Task<T>> proceed)
    {
        try
        {
            return await proceed();
        }
        catch (RpcException e) when (e.Status.Detail.Length > MaxMessageLength)
        {
            throw new RpcException(new Status(e.StatusCode, $"{e.Status.Detail[..MaxMessageLength]}… (cut)"), e.Trailers);
        }
        catch (OperationCanceledException) when (context.Deadline <= DateTime.UtcNow)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away: nobody is left to read a status, but the call still counts.
            throw new RpcException(new Status(StatusCode.Cancelled, "the client cancelled the call"));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"cannot parse the request message: {e.Message}"));
        }
        catch (ArgumentException e)
        {
            throw InvalidArgument.FromMessage(e.Message);
        }
        catch (Exception e) when (e is DbException { IsTransient: true } or TimeoutException)
        {
            // The database restarting or unreachable: the call may succeed if made again.
            logger.LogWarning(e, "gRPC handler {Method} could not reach what it depends on", context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, "the service cannot reach its database at the moment; try again"));
        }
    }
}
