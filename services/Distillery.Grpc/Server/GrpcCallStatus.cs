namespace Distillery.Grpc.Server;

/// <summary>How a call ended: the status code, the message for the caller, and optional rich details.</summary>
internal readonly record struct GrpcCallStatus(StatusCode Code, string Message, Google.Rpc.Status? Details = null)
{
    public static GrpcCallStatus Ok => new(StatusCode.OK, string.Empty);
}
