using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Distillery.Grpc.Wire;

/// <summary>
/// The <c>grpc-status-details-bin</c> trailer: a serialized <c>google.rpc.Status</c>, base64 as
/// every <c>-bin</c> header is, whose details carry a <c>google.rpc.BadRequest</c> for invalid fields.
/// </summary>
internal static class StatusDetails
{
    public const string Header = "grpc-status-details-bin";

    public static Google.Rpc.Status BadRequest(StatusCode code, string message, IEnumerable<FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(violation => new BadRequest.Types.FieldViolation { Field = violation.Field, Description = violation.Description }));
        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(badRequest) } };
    }

    public static IReadOnlyList<FieldViolation> FieldViolations(Google.Rpc.Status? status) =>
        status is null
            ? []
            : [.. status.Details.Where(detail => detail.Is(Google.Rpc.BadRequest.Descriptor))
                .SelectMany(detail => detail.Unpack<BadRequest>().FieldViolations)
                .Select(violation => new FieldViolation(violation.Field, violation.Description))];

    public static string Encode(Google.Rpc.Status status) => Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');

    /// <summary>The status in a header value; null when it is not valid base64 or protobuf (the plain status still stands).</summary>
    public static Google.Rpc.Status? Decode(string value)
    {
        var padded = value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
        var bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var length))
        {
            return null;
        }

        try
        {
            return Google.Rpc.Status.Parser.ParseFrom(bytes, 0, length);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
