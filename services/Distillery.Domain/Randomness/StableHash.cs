using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Distillery.Domain.Randomness;

/// <summary>
/// A hash that is the same on every machine and run (unlike <see cref="string.GetHashCode()"/>),
/// for ordering documents and groups by seed so that a split does not depend on file order.
/// </summary>
public static class StableHash
{
    public static ulong Of(ulong seed, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var buffer = new byte[8 + bytes.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, seed);
        bytes.CopyTo(buffer, 8);
        return BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(buffer));
    }
}
