using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;

namespace Distillery.Grpc.Server;

/// <summary>
/// gRPC message framing: a 1-byte compressed flag, a 4-byte big-endian length, then the
/// message. Reads enforce the maximum message size (RESOURCE_EXHAUSTED beyond it, compressed
/// or not) and undo gzip; writes flush each frame so streams reach the client as they go.
/// </summary>
internal static class GrpcFrames
{
    private const int HeaderLength = 5;

    public static async IAsyncEnumerable<byte[]> ReadAsync(
        PipeReader reader, int maxMessageSize, string? encoding, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var messages = new List<byte[]>();
            while (TryReadFrame(ref buffer, maxMessageSize, encoding, messages))
            {
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var message in messages)
            {
                yield return message;
            }

            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new RpcException(StatusCode.Internal, $"the request ended inside a message ({buffer.Length} bytes of an incomplete frame)");
                }

                yield break;
            }
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, string? encoding, List<byte[]> messages)
    {
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        var compressed = header[0] == 1;
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"received message larger than max ({length} vs. {maxMessageSize})");
        }

        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }

        var payload = buffer.Slice(HeaderLength, length).ToArray();
        buffer = buffer.Slice(HeaderLength + length);
        messages.Add(compressed ? Decompress(payload, encoding, maxMessageSize) : payload);
        return true;
    }

    private static byte[] Decompress(byte[] payload, string? encoding, int maxMessageSize)
    {
        if (!string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(StatusCode.Unimplemented, $"compressed message with grpc-encoding '{encoding ?? "identity"}'; this server accepts gzip");
        }

        using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
        {
            output.Write(chunk, 0, read);
            if (output.Length > maxMessageSize)
            {
                throw new RpcException(StatusCode.ResourceExhausted, $"decompressed message larger than max ({maxMessageSize})");
            }
        }

        return output.ToArray();
    }

    public static async Task WriteAsync(PipeWriter writer, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var header = writer.GetSpan(HeaderLength);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)message.Length);
        writer.Advance(HeaderLength);
        await writer.WriteAsync(message, cancellationToken);
    }
}
