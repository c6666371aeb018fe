using System.Data.Common;
using Distillery.Grpc.Wire;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Distillery.Grpc.Server;

/// <summary>
/// Turns what a handler threw into the status its caller sees. Statuses the handler chose pass
/// through; invalid requests become INVALID_ARGUMENT naming the field; a passed deadline is
/// DEADLINE_EXCEEDED; a transient database failure is UNAVAILABLE (worth retrying); anything unexpected is logged here and reaches the caller only as UNKNOWN,
/// because exception messages can hold internals (or texts) the caller must not see.
/// </summary>
internal static class GrpcExceptionMapping
{
    /// <summary>Longer messages are cut: they travel in a header, which clients bound (often to 8 or 16 KiB).</summary>
    private const int MaxMessageLength = 2048;

    public static GrpcCallStatus ToStatus(Exception exception, bool deadlinePassed, bool clientGone, ILogger logger, string method)
    {
        var status = Map(exception, deadlinePassed, clientGone, logger, method);
        return status.Message.Length <= MaxMessageLength ? status : status with { Message = $"{status.Message[..MaxMessageLength]}… (cut)" };
    }

    private static GrpcCallStatus Map(Exception exception, bool deadlinePassed, bool clientGone, ILogger logger, string method) => exception switch
    {
        RpcException e => new(e.Status, e.Message, e.Details),
        RpcValidationException e => new(StatusCode.InvalidArgument, e.Message, StatusDetails.BadRequest(StatusCode.InvalidArgument, e.Message, e.Violations)),
        OperationCanceledException when deadlinePassed => new(StatusCode.DeadlineExceeded, "Deadline Exceeded"),
        // The client went away: nobody is left to read a status, but the call still counts.
        OperationCanceledException when clientGone => new(StatusCode.Cancelled, "the client cancelled the call"),
        InvalidProtocolBufferException e => new(StatusCode.InvalidArgument, $"cannot parse the request message: {e.Message}"),
        ArgumentException e => new(StatusCode.InvalidArgument, e.Message),
        // The database restarting or unreachable: the call may succeed if made again.
        DbException { IsTransient: true } or TimeoutException => Unavailable(exception, logger, method),
        _ => Unexpected(exception, logger, method),
    };

    private static GrpcCallStatus Unavailable(Exception exception, ILogger logger, string method)
    {
        logger.LogWarning(exception, "gRPC handler {Method} could not reach what it depends on", method);
        return new(StatusCode.Unavailable, "the service cannot reach its database at the moment; try again");
    }

    private static GrpcCallStatus Unexpected(Exception exception, ILogger logger, string method)
    {
        logger.LogError(exception, "gRPC handler {Method} failed", method);
        return new(StatusCode.Unknown, "Exception was thrown by handler.");
    }
}
