using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Distillery.Grpc.Wire;

/// <summary>
/// gRPC message framing, the same for server and client: a 1-byte compressed flag, a 4-byte
/// big-endian length, then the message. Reads enforce the maximum message size
/// (RESOURCE_EXHAUSTED beyond it, compressed or not), undo gzip, and parse straight from the
/// pipe's buffers; writes serialise straight into the pipe, so a large message is never copied
/// into an array of its own on the way. A frame or message that cannot be read ends the call with
/// <c>malformed</c>: INVALID_ARGUMENT when a server reads a client's request (the request is at
/// fault), INTERNAL when a client reads a server's response.
/// </summary>
internal static class GrpcFrames
{
    public const int HeaderLength = 5;

    public static async IAsyncEnumerable<T> ReadAsync<T>(
        PipeReader reader, MessageParser<T> parser, int maxMessageSize, string? encoding, StatusCode malformed, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        var messages = new List<T>();
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (TryReadFrame(ref buffer, parser, maxMessageSize, encoding, malformed, out var message))
            {
                messages.Add(message);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var message in messages)
            {
                yield return message;
            }

            messages.Clear();
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new RpcException(malformed, $"the stream ended inside a message ({buffer.Length} bytes of an incomplete frame)");
                }

                yield break;
            }
        }
    }

    private static bool TryReadFrame<T>(ref ReadOnlySequence<byte> buffer, MessageParser<T> parser, int maxMessageSize, string? encoding, StatusCode malformed, out T message)
        where T : IMessage<T>
    {
        message = default!;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        if (header[0] > 1)
        {
            throw new RpcException(malformed, $"a message frame's compressed flag is {header[0]}, neither 0 nor 1: not a gRPC message");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"received message larger than max ({length} vs. {maxMessageSize})");
        }

        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }

        var payload = buffer.Slice(HeaderLength, length);
        try
        {
            message = header[0] == 1 ? parser.ParseFrom(Decompress(payload, encoding, maxMessageSize)) : parser.ParseFrom(payload);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            throw new RpcException(malformed, $"the message cannot be read as {typeof(T).Name}: {e.Message}");
        }

        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static byte[] Decompress(ReadOnlySequence<byte> payload, string? encoding, int maxMessageSize)
    {
        if (!string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(StatusCode.Unimplemented, $"compressed message with grpc-encoding '{encoding ?? "identity"}'; only gzip is understood");
        }

        using var gzip = new GZipStream(new MemoryStream(payload.ToArray()), CompressionMode.Decompress);
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

    /// <summary>
    /// Writes <paramref name="message"/> as one frame (not flushed), gzip-compressed when it is at
    /// least <paramref name="compressFrom"/> bytes long; returns whether it was compressed.
    /// </summary>
    public static bool Write(IBufferWriter<byte> writer, IMessage message, int maxMessageSize, int compressFrom = int.MaxValue)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"message larger than max ({size} vs. {maxMessageSize})");
        }

        if (size >= compressFrom)
        {
            WriteCompressed(writer, message, size);
            return true;
        }

        WriteHeader(writer, compressed: false, size);
        message.WriteTo(writer);
        return false;
    }

    /// <summary>One message as a whole frame, for a request body sent in one piece.</summary>
    public static byte[] ToFrame(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[HeaderLength + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    private static void WriteCompressed(IBufferWriter<byte> writer, IMessage message, int size)
    {
        var plain = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            message.WriteTo(plain.AsSpan(0, size));
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(plain, 0, size);
            }

            WriteHeader(writer, compressed: true, (int)compressed.Length);
            writer.Write(compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> writer, bool compressed, int length)
    {
        var header = writer.GetSpan(HeaderLength);
        header[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)length);
        writer.Advance(HeaderLength);
    }
}
