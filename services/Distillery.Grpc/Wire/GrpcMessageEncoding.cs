using System.Text;

namespace Distillery.Grpc.Wire;

/// <summary>
/// Percent-encodes the <c>grpc-message</c> trailer as the protocol requires: UTF-8, with every
/// byte outside printable ASCII, and '%' itself, written as %XX; and decodes it on the client.
/// </summary>
internal static class GrpcMessageEncoding
{
    public static string Encode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    public static string Decode(string encoded) => Uri.UnescapeDataString(encoded);
}
