using System.Text.Json.Nodes;
using Distillery.IntegrationTests.Infrastructure;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Node's @grpc/grpc-js (tests/interop-node, pinned with a lockfile) calls our server (our client calls a grpc-js server in <see cref="GrpcClientTests"/>).</summary>
public sealed class GrpcJsTests
{
    [GrpcJsFact]
    public async Task Grpc_js_client_gets_every_shape_status_limit_and_health_right_from_our_server()
    {
        // Responses are gzip-compressed: grpc-js reads them.
        await using var server = await InteropServer.StartAsync(
            [.. TestPrincipals.Principal(0, "node", "js-token"), TestPrincipals.Protect("distillery.test.v1.Interop"), "--Distillery:Grpc:ResponseCompression=Gzip"]);

        var results = await NodeScript.RunAsync("client.js", new JsonObject { ["target"] = server.Target, ["token"] = "js-token" });

        static string Code(JsonNode? result) => result!["code"]!.GetValue<string>();
        static string First(JsonNode? result) => result!["responses"]![0]!["value"]!.GetValue<string>();
        Assert.Equal("hello!", First(results["unary"]));
        Assert.Equal(["a", "b", "c"], results["serverStream"]!["responses"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal("x+y", First(results["clientStream"]));
        Assert.Equal(["ONE", "TWO"], results["bidi"]!["responses"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal("INVALID_ARGUMENT", Code(results["invalid"]));
        Assert.Equal("value: must not be empty, got '' ünïcödé 100%", results["invalid"]!["details"]!.GetValue<string>());
        Assert.Equal("INVALID_ARGUMENT", Code(results["validation"]));
        Assert.Equal("field 'value': must not be empty", results["validation"]!["details"]!.GetValue<string>());
        var violation = Assert.Single(StatusDetailsBin.BadRequest(results["validation"]!["statusDetails"]!.GetValue<string>()).FieldViolations);
        Assert.Equal(("value", "must not be empty"), (violation.Field, violation.Description));
        Assert.Equal("UNAUTHENTICATED", Code(results["unauthenticated"]));
        Assert.Equal("DEADLINE_EXCEEDED", Code(results["deadline"]));
        Assert.Equal(8 << 20, results["large"]!["responses"]![0]!["padding"]!.GetValue<int>());
        Assert.Equal("RESOURCE_EXHAUSTED", Code(results["tooLarge"]));
        Assert.Equal("zipped", First(results["gzip"]));
        Assert.Equal(200, results["concurrent"]!.AsArray().Count(result => Code(result) == "OK"));
        Assert.Equal("SERVING", results["health"]!["responses"]![0]!["status"]!.GetValue<string>());
    }
}

/// <summary>Needs tests/interop-node's packages (npm ci, which make deps runs): skipped locally without them, failing in CI.</summary>
public sealed class GrpcJsFactAttribute : FactAttribute
{
    public GrpcJsFactAttribute() =>
        Skip = Directory.Exists(Path.Combine(RepositoryFiles.Root, "tests", "interop-node", "node_modules", "@grpc", "grpc-js")) || TestServers.InCi
            ? null
            : "tests/interop-node has no node_modules: run npm ci --prefix tests/interop-node (make deps does)";
}
