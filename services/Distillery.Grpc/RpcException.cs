namespace Distillery.Grpc;

/// <summary>
/// A gRPC status other than OK: thrown by a handler to end its call with that status and a
/// message for the caller (naming the field, for INVALID_ARGUMENT), and thrown by the client
/// when a call ends with one.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(StatusCode status, string message)
        : base(message) => Status = status;

    public RpcException(StatusCode status, string message, Google.Rpc.Status? details)
        : this(status, message) => Details = details;

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

    /// <summary>The rich status (<c>grpc-status-details-bin</c>) the call ended with, when there was one.</summary>
    public Google.Rpc.Status? Details { get; }

    /// <summary>The invalid fields an INVALID_ARGUMENT named in a <c>google.rpc.BadRequest</c> detail; empty when it named none.</summary>
    public IReadOnlyList<FieldViolation> FieldViolations => Wire.StatusDetails.FieldViolations(Details);

    /// <summary>Set by the client when the server refused the call before taking it on, so repeating it cannot do the work twice.</summary>
    internal bool Retryable { get; init; }
}
