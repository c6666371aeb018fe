using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Distillery.Grpc;

namespace Distillery.IntegrationTests.Security;

/// <summary>A gRPC call whose message is whatever bytes the test gives, as a broken or hostile client sends it; the status it ends with.</summary>
internal static class RawCall
{
    public static async Task<(StatusCode Status, string Message)> UnaryAsync(Uri address, string method, byte[] message, string? token = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, method))
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        // Trailers-only responses carry the status in the headers.
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status") ?? throw new InvalidOperationException($"no grpc-status (HTTP {(int)response.StatusCode} {response.Version}: {System.Text.Encoding.UTF8.GetString(body)})");
        var text = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? "";
        return ((StatusCode)int.Parse(status, CultureInfo.InvariantCulture), Uri.UnescapeDataString(text));
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
