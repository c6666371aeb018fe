using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Distillery.Grpc;

/// <summary>
/// INVALID_ARGUMENT as Distillery's clients see it: a message naming each wrong field, and a
/// <c>google.rpc.BadRequest</c> listing them in <c>grpc-status-details-bin</c> (the standard rich
/// error model), so a client can point at the fields without parsing the message.
/// </summary>
public static partial class InvalidArgument
{
    /// <summary>One wrong field: message <c>field 'task.labels': must not be empty</c>.</summary>
    public static RpcException Field(string field, string description) => Fields([Violation(field, description)]);

    /// <summary>Several wrong fields, each named in the message and in the details.</summary>
    public static RpcException Fields(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        var message = violations.Count == 0
            ? "the request is invalid"
            : string.Join("; ", violations.Select(violation => $"field '{violation.Field}': {violation.Description}"));
        return Create(message, violations);
    }

    /// <summary>
    /// A message of the form <c>spec.tasks[0].name: problem</c>, as the Jobs API has always
    /// worded it, kept as it is; the field it starts with also goes into the details.
    /// </summary>
    public static RpcException FromMessage(string message)
    {
        var match = FieldPrefix().Match(message);
        return match.Success
            ? Create(message, [Violation(match.Groups["field"].Value, match.Groups["problem"].Value)])
            : Create(message, []);
    }

    /// <summary>The fields a caught INVALID_ARGUMENT named in its <c>google.rpc.BadRequest</c>; empty when it named none.</summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations is { } violations ? [.. violations] : [];

    private static BadRequest.Types.FieldViolation Violation(string field, string description) => new() { Field = field, Description = description };

    private static RpcException Create(string message, IEnumerable<BadRequest.Types.FieldViolation> violations)
    {
        var status = new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = message };
        var badRequest = new BadRequest { FieldViolations = { violations } };
        if (badRequest.FieldViolations.Count > 0)
        {
            status.Details.Add(Any.Pack(badRequest));
        }

        return status.ToRpcException();
    }

    [GeneratedRegex(@"^(?<field>[a-z_][a-z0-9_]*(?:\[\d+\])*(?:\.[a-z_][a-z0-9_]*(?:\[\d+\])*)*): (?<problem>.+)$", RegexOptions.Singleline)]
    private static partial Regex FieldPrefix();
}
