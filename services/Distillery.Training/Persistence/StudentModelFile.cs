using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Distillery.Training.Students;

namespace Distillery.Training.Persistence;

/// <summary>
/// The stored form of a trained student:
/// <c>"DSTLMODL"</c> (8 bytes), format version (uint16), kind (length-prefixed UTF-8), payload
/// length (int64), payload, and the SHA-256 of everything before it. A truncated, altered or
/// foreign file is refused with a clear error before a single prediction is made from it.
/// </summary>
public static class StudentModelFile
{
    public const ushort FormatVersion = 1;
    private static readonly byte[] Magic = "DSTLMODL"u8.ToArray();
    private const int ChecksumLength = 32;

    public static byte[] Serialize(IStudentModel model)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            model.WritePayload(writer);
        }

        using var file = new MemoryStream();
        using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(model.Kind);
            writer.Write(payload.Length);
            writer.Write(payload.GetBuffer(), 0, (int)payload.Length);
        }

        var checksum = SHA256.HashData(file.GetBuffer().AsSpan(0, (int)file.Length));
        file.Write(checksum);
        return file.ToArray();
    }

    public static IStudentModel Deserialize(ReadOnlySpan<byte> bytes, StudentModelReaders readers, string source = "student model")
    {
        if (bytes.Length < Magic.Length + 2 + ChecksumLength || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new StudentModelFormatException($"{source}: not a Distillery student model (no DSTLMODL header)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[Magic.Length..]);
        if (version != FormatVersion)
        {
            throw new StudentModelFormatException($"{source}: format version {version} is not supported (this build reads version {FormatVersion})");
        }

        var body = bytes[..^ChecksumLength];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes[^ChecksumLength..]))
        {
            throw new StudentModelFormatException($"{source}: checksum mismatch: the file is truncated or corrupted");
        }

        using var stream = new MemoryStream(body.ToArray());
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        stream.Position = Magic.Length + 2;
        try
        {
            var kind = reader.ReadString();
            var length = reader.ReadInt64();
            if (length != stream.Length - stream.Position)
            {
                throw new StudentModelFormatException($"{source}: payload length {length} does not match the {stream.Length - stream.Position} bytes present");
            }

            var model = readers.Read(kind, reader, source);
            return stream.Position == stream.Length
                ? model
                : throw new StudentModelFormatException($"{source}: {stream.Length - stream.Position} unread bytes after the '{kind}' payload");
        }
        catch (EndOfStreamException e)
        {
            throw new StudentModelFormatException($"{source}: the payload ends early", e);
        }
    }
}
