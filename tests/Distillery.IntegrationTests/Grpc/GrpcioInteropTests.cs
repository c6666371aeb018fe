using System.Text.Json.Nodes;
using Distillery.IntegrationTests.Grpc.Contracts;
using Distillery.Testing;
using Google.Protobuf;
using Grpc.Health.V1;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Python's grpcio (the C core) calls our gRPC server: every call shape, status codes in trailers, deadlines, limits, gzip, health.</summary>
public sealed class GrpcioInteropTests : IAsyncLifetime
{
    private InteropServer _server = null!;

    public async Task InitializeAsync() => _server = await InteropServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Call(string method, string shape, IEnumerable<IMessage> requests, double? timeout = null, string? compression = null, string[][]? metadata = null) =>
        GrpcioClient.Call(method, shape, requests, timeout, compression, metadata);

    private JsonArray Run(params object[] calls) => GrpcioClient.Run(_server.Target, calls);

    private JsonArray RunWith(bool concurrent, object[] calls) => GrpcioClient.Run(_server.Target, calls, concurrent);

    private static List<Text> Responses(JsonNode result) => GrpcioClient.Responses(result, Text.Parser);

    private static string Code(JsonNode result) => GrpcioClient.Code(result);

    [GrpcioFact]
    public void Every_call_shape_works_with_metadata()
    {
        var results = Run(
            Call("Echo", "unary", [new Text { Value = "hello" }], metadata: [["x-suffix", "!"]]),
            Call("Split", "server_stream", [new Text { Value = "a b c" }]),
            Call("Join", "client_stream", [new Text { Value = "x" }, new Text { Value = "y" }, new Text { Value = "z" }]),
            Call("Shout", "bidi", [new Text { Value = "one" }, new Text { Value = "two" }]));

        Assert.All(results, result => Assert.Equal("OK", Code(result!)));
        Assert.Equal("hello!", Responses(results[0]!).Single().Value);
        Assert.Equal(["a", "b", "c"], Responses(results[1]!).Select(text => text.Value));
        Assert.Equal("x+y+z", Responses(results[2]!).Single().Value);
        Assert.Equal(["ONE", "TWO"], Responses(results[3]!).Select(text => text.Value));
    }

    [GrpcioFact]
    public void Errors_reach_the_client_as_status_and_percent_encoded_message()
    {
        var results = Run(
            Call("Reject", "unary", [new Text { Value = "" }]),
            Call("Wait", "unary", [new Text()], timeout: 0.3),
            Call("NoSuchMethod", "unary", [new Text()]));

        Assert.Equal("INVALID_ARGUMENT", Code(results[0]!));
        Assert.Equal("value: must not be empty, got '' ünïcödé 100%", results[0]!["details"]!.GetValue<string>());
        Assert.Equal("DEADLINE_EXCEEDED", Code(results[1]!));
        Assert.Equal("UNIMPLEMENTED", Code(results[2]!));
    }

    [GrpcioFact]
    public void Invalid_fields_arrive_as_invalid_argument_naming_them_with_a_bad_request_detail()
    {
        var result = Run(Call("Validate", "unary", [new Text()])).Single()!;

        Assert.Equal("INVALID_ARGUMENT", Code(result));
        Assert.Equal("field 'value': must not be empty", result["details"]!.GetValue<string>());
        var violation = Assert.Single(StatusDetailsBin.BadRequest(result["status_details"]!.GetValue<string>()).FieldViolations);
        Assert.Equal(("value", "must not be empty"), (violation.Field, violation.Description));
    }

    [GrpcioFact]
    public async Task A_server_that_compresses_responses_gives_grpcio_gzip_it_reads_streams_included()
    {
        await using var compressing = await InteropServer.StartAsync("--Distillery:Grpc:ResponseCompression=Gzip");
        var padded = new Text { Value = "zipped", Padding = InteropService.Pad(1_000_000) };

        var results = GrpcioClient.Run(
            compressing.Target,
            [
                Call("Echo", "unary", [padded]),
                Call("Echo", "unary", [padded], compression: "gzip"),
                Call("Shout", "bidi", [new Text { Value = new string('a', 500) }, new Text { Value = "b" }]),
            ]);

        Assert.All(results, result => Assert.Equal("OK", Code(result!)));
        Assert.Equal(1_000_000, Responses(results[0]!).Single().Padding.Length);
        Assert.Equal("zipped", Responses(results[1]!).Single().Value);
        Assert.Equal([new string('A', 500), "B"], Responses(results[2]!).Select(text => text.Value));
    }

    [GrpcioFact]
    public void Large_messages_pass_up_to_the_limit_gzip_is_accepted_and_beyond_the_limit_is_resource_exhausted()
    {
        var eightMegabytes = new Text { Value = "big", Padding = InteropService.Pad(8 * 1024 * 1024) };
        var tenMegabytes = new Text { Value = "too big", Padding = InteropService.Pad(10 * 1024 * 1024) };

        var results = Run(
            Call("Echo", "unary", [eightMegabytes]),
            Call("Echo", "unary", [tenMegabytes]),
            Call("Echo", "unary", [new Text { Value = "zipped", Padding = InteropService.Pad(100_000) }], compression: "gzip"));

        Assert.Equal("OK", Code(results[0]!));
        Assert.Equal(8 * 1024 * 1024, Responses(results[0]!).Single().Padding.Length);
        Assert.Equal("RESOURCE_EXHAUSTED", Code(results[1]!));
        Assert.Equal("OK", Code(results[2]!));
        Assert.Equal("zipped", Responses(results[2]!).Single().Value);
    }

    [GrpcioFact]
    public void Two_hundred_concurrent_calls_all_succeed()
    {
        var calls = Enumerable.Range(0, 200).Select(i => Call("Echo", "unary", [new Text { Value = $"call {i}" }])).ToArray();

        var results = RunWith(concurrent: true, calls);

        Assert.Equal(200, results.Count);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"call {i}"), results.Select(result => Responses(result!).Single().Value));
    }

    [GrpcioFact]
    public void Health_check_answers_serving_and_not_found_for_an_unknown_service()
    {
        var results = Run(
            Call("/grpc.health.v1.Health/Check", "unary", [new HealthCheckRequest()]),
            Call("/grpc.health.v1.Health/Check", "unary", [new HealthCheckRequest { Service = "distillery.test.v1.Interop" }]),
            Call("/grpc.health.v1.Health/Check", "unary", [new HealthCheckRequest { Service = "nope.v1.Nothing" }]));

        Assert.Equal("OK", Code(results[0]!));
        var status = HealthCheckResponse.Parser.ParseFrom(Convert.FromBase64String(results[0]!["responses"]![0]!.GetValue<string>())).Status;
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status);
        Assert.Equal("OK", Code(results[1]!));
        Assert.Equal("NOT_FOUND", Code(results[2]!));
    }
}

/// <summary>Needs Debian's python3-grpcio: skipped locally without it, failing in CI.</summary>
public sealed class GrpcioFactAttribute : FactAttribute
{
    public GrpcioFactAttribute() => Skip = GrpcioSkip.Reason();
}

/// <summary>A theory that needs Debian's python3-grpcio, like <see cref="GrpcioFactAttribute"/>.</summary>
public sealed class GrpcioTheoryAttribute : TheoryAttribute
{
    public GrpcioTheoryAttribute() => Skip = GrpcioSkip.Reason();
}

internal static class GrpcioSkip
{
    public static string? Reason() => DebianPython.Unavailable("grpc") is { } reason && !Infrastructure.TestServers.InCi ? reason : null;
}
