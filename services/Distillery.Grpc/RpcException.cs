namespace Distillery.Grpc;

/// <summary>Ends a call with a gRPC status and a message for the caller (which names the field for INVALID_ARGUMENT).</summary>
public sealed class RpcException : Exception
{
    public RpcException(StatusCode status, string message)
        : base(message) => Status = status;

    public RpcException(string message)
        : this(StatusCode.Unknown, message)
    {
    }

    public RpcException(string message, Exception innerException)
        : base(message, innerException) => Status = StatusCode.Unknown;

    public RpcException()
        : this(StatusCode.Unknown, "unknown error")
    {
    }

    public StatusCode Status { get; }
}
