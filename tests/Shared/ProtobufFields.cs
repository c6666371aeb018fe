using Google.Protobuf;

namespace Distillery.Testing;

/// <summary>
/// Reads fields of a protobuf message by number, without its generated classes: how tests and
/// benchmarks look into OTLP exports that no project here has the .proto files of. Linked into
/// each project that needs it (tests/Shared).
/// </summary>
internal static class ProtobufFields
{
    /// <summary>The length-delimited values of one field number in a message.</summary>
    public static List<byte[]> Fields(byte[] message, int field)
    {
        var values = new List<byte[]>();
        var input = new CodedInputStream(message);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                values.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return values;
    }

    /// <summary>The last value of a string field, or empty.</summary>
    public static string Text(byte[] message, int field) =>
        Fields(message, field).Select(bytes => System.Text.Encoding.UTF8.GetString(bytes)).LastOrDefault() ?? string.Empty;
}
