using Distillery.IntegrationTests.Grpc.Contracts;
using Google.Protobuf;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>gzip on responses, as seen on the wire: only when the server is configured to, and only to clients that accept it.</summary>
public sealed class GrpcCompressionTests
{
    private static readonly Text Padded = new() { Value = "zipped", Padding = InteropService.Pad(100_000) };

    /// <summary>Echo called by our client offering <paramref name="acceptEncoding"/>: the response's grpc-encoding and how many bytes its body took.</summary>
    private static async Task<(string? Encoding, long Length, Text Message)> Call(Uri server, Text request, string acceptEncoding)
    {
        using var wire = new WireObserver(acceptEncoding);
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(server, new() { HttpHandler = wire });
        var message = await GrpcClients.Interop(channel).EchoAsync(request);
        return (wire.Encoding, wire.BodyLength, message);
    }

    [Fact]
    public async Task A_compressing_server_gzips_responses_for_clients_that_accept_gzip_only()
    {
        await using var server = await InteropServer.StartAsync("--Distillery:Grpc:ResponseCompression=Gzip");

        var accepted = await Call(server.Address, Padded, "identity,deflate,gzip");
        var notAccepted = await Call(server.Address, Padded, "identity");

        Assert.Equal("gzip", accepted.Encoding);
        Assert.True(accepted.Length < 5_000, $"100 kB of zeros took {accepted.Length} bytes compressed");
        Assert.Equal(Padded, accepted.Message);
        Assert.Equal((null, 5L + Padded.CalculateSize(), Padded), (notAccepted.Encoding, notAccepted.Length, notAccepted.Message));
    }

    [Fact]
    public async Task By_default_responses_are_not_compressed_even_for_clients_that_accept_gzip()
    {
        await using var server = await InteropServer.StartAsync();

        var response = await Call(server.Address, Padded, "gzip");

        Assert.Equal((null, 5L + Padded.CalculateSize(), Padded), (response.Encoding, response.Length, response.Message));
    }

    /// <summary>Sets the request's grpc-accept-encoding and notes the response's encoding and body size, leaving the call to the library.</summary>
    private sealed class WireObserver(string acceptEncoding) : DelegatingHandler(new SocketsHttpHandler())
    {
        public string? Encoding { get; private set; }

        public long BodyLength { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("grpc-accept-encoding");
            request.Headers.TryAddWithoutValidation("grpc-accept-encoding", acceptEncoding);
            var response = await base.SendAsync(request, cancellationToken);
            Encoding = response.Headers.TryGetValues("grpc-encoding", out var values) ? values.Single() : null;
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            BodyLength = body.Length;
            var buffered = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = buffered;
            return response;
        }
    }
}
