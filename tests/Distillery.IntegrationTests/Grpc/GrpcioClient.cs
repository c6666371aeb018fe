using System.Text.Json.Nodes;
using Distillery.Testing;
using Google.Protobuf;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Python grpcio (C core) as a client of our server: grpcio_client.py runs the calls and reports each one's status and responses.</summary>
internal static class GrpcioClient
{
    public const string Interop = "/distillery.test.v1.Interop/";

    /// <summary>One call; a method without a leading '/' is one of the interop service's.</summary>
    public static object Call(
        string method, string shape, IEnumerable<IMessage> requests, double? timeout = null, string? compression = null, string[][]? metadata = null) => new
        {
            method = method.StartsWith('/') ? method : Interop + method,
            shape,
            requests = requests.Select(request => Convert.ToBase64String(request.ToByteArray())),
            timeout,
            compression,
            metadata = metadata ?? [],
        };

    /// <summary>Runs <paramref name="calls"/> on one channel to <paramref name="target"/>: TLS trusting only <paramref name="rootCertificate"/> when given.</summary>
    public static JsonArray Run(string target, IEnumerable<object> calls, bool concurrent = false, string? rootCertificate = null)
    {
        var job = new { target, concurrent, root_certificate = rootCertificate, calls };
        using var result = DebianPython.RunJson(Path.Combine(AppContext.BaseDirectory, "Grpc", "grpcio_client.py"), job);
        return JsonNode.Parse(result.RootElement.GetRawText())!["results"]!.AsArray();
    }

    public static string Code(JsonNode? result) => result!["code"]!.GetValue<string>();

    public static List<T> Responses<T>(JsonNode? result, MessageParser<T> parser)
        where T : IMessage<T> =>
        [.. result!["responses"]!.AsArray().Select(response => parser.ParseFrom(Convert.FromBase64String(response!.GetValue<string>())))];
}
