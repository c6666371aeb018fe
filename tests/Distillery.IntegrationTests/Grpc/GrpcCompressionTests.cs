using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Distillery.IntegrationTests.Grpc.Contracts;
using Google.Protobuf;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>gzip offered on responses, as seen on the wire: only when the server is configured to, only to clients that accept it, only above the minimum size.</summary>
public sealed class GrpcCompressionTests
{
    private static readonly Text Padded = new() { Value = "zipped", Padding = InteropService.Pad(100_000) };

    /// <summary>Echo called over plain HTTP/2: the response's grpc-encoding and its frame's compressed flag and length.</summary>
    private static async Task<(string? Encoding, byte Flag, int Length, Text Message)> Raw(Uri server, Text request, string? acceptEncoding)
    {
        using var http = new HttpClient();
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/distillery.test.v1.Interop/Echo"))
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        if (acceptEncoding is not null)
        {
            message.Headers.TryAddWithoutValidation("grpc-accept-encoding", acceptEncoding);
        }

        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        var encoding = response.Headers.TryGetValues("grpc-encoding", out var values) ? values.Single() : null;
        var bytes = body.AsSpan(5, length).ToArray();
        if (body[0] == 1)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }

        return (encoding, body[0], length, Text.Parser.ParseFrom(bytes));
    }

    [Fact]
    public async Task A_compressing_server_gzips_large_responses_for_clients_that_accept_gzip_only()
    {
        await using var server = await InteropServer.StartAsync("--Distillery:Grpc:ResponseCompression=Gzip");

        var accepted = await Raw(server.Address, Padded, "identity,deflate,gzip");
        var small = await Raw(server.Address, new Text { Value = "small" }, "gzip");
        var notAccepted = await Raw(server.Address, Padded, "identity");

        Assert.Equal(("gzip", (byte)1), (accepted.Encoding, accepted.Flag));
        Assert.True(accepted.Length < 5_000, $"100 kB of zeros took {accepted.Length} bytes compressed");
        Assert.Equal(Padded, accepted.Message);
        Assert.Equal(((byte)0, "small"), (small.Flag, small.Message.Value));
        Assert.Equal((null, (byte)0, Padded.CalculateSize()), (notAccepted.Encoding, notAccepted.Flag, notAccepted.Length));
    }

    [Fact]
    public async Task By_default_responses_are_not_compressed_even_for_clients_that_accept_gzip()
    {
        await using var server = await InteropServer.StartAsync();

        var response = await Raw(server.Address, Padded, "gzip");

        Assert.Equal((null, (byte)0, Padded), (response.Encoding, response.Flag, response.Message));
    }
}
