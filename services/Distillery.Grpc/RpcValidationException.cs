namespace Distillery.Grpc;

/// <summary>
/// Thrown by a handler when its request is invalid. The server ends the call with
/// INVALID_ARGUMENT, a message naming each field (<c>field 'task.labels': must not be empty</c>)
/// and a <c>google.rpc.BadRequest</c> listing them in <c>grpc-status-details-bin</c>, so a
/// client can point at the fields without parsing the message.
/// </summary>
public sealed class RpcValidationException : Exception
{
    public RpcValidationException(string field, string description)
        : this([new FieldViolation(field, description)])
    {
    }

    public RpcValidationException(IEnumerable<FieldViolation> violations)
        : this([.. violations])
    {
    }

    public RpcValidationException()
        : this([])
    {
    }

    public RpcValidationException(string message)
        : base(message) => Violations = [];

    public RpcValidationException(string message, Exception innerException)
        : base(message, innerException) => Violations = [];

    private RpcValidationException(FieldViolation[] violations)
        : base(violations.Length == 0 ? "the request is invalid" : string.Join("; ", violations.Select(violation => violation.ToString()))) =>
        Violations = violations;

    public IReadOnlyList<FieldViolation> Violations { get; }
}
