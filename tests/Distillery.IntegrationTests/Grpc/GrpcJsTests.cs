using System.Diagnostics;
using System.Text.Json.Nodes;
using Distillery.Grpc;
using Distillery.Grpc.Client;
using Distillery.IntegrationTests.Grpc.Contracts;
using Distillery.IntegrationTests.Infrastructure;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Node's @grpc/grpc-js (tests/interop-node, pinned with a lockfile) against our server, and our client against a grpc-js server.</summary>
public sealed class GrpcJsTests
{
    private static string Scripts => Path.Combine(RepositoryFiles.Root, "tests", "interop-node");

    private static string Protos => Path.Combine(AppContext.BaseDirectory, "protos");

    [GrpcJsFact]
    public async Task Grpc_js_client_gets_every_shape_status_limit_and_health_right_from_our_server()
    {
        await using var server = await InteropServer.StartAsync();
        var start = new ProcessStartInfo("node", [Path.Combine(Scripts, "client.js")]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(new JsonObject { ["target"] = server.Target, ["protos"] = Protos }.ToJsonString());
        node.StandardInput.Close();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(node.ExitCode == 0, await errors);
        var results = JsonNode.Parse(await output)!;

        static string Code(JsonNode? result) => result!["code"]!.GetValue<string>();
        static string First(JsonNode? result) => result!["responses"]![0]!["value"]!.GetValue<string>();
        Assert.Equal("hello!", First(results["unary"]));
        Assert.Equal(["a", "b", "c"], results["serverStream"]!["responses"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal("x+y", First(results["clientStream"]));
        Assert.Equal(["ONE", "TWO"], results["bidi"]!["responses"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal("INVALID_ARGUMENT", Code(results["invalid"]));
        Assert.Equal("value: must not be empty, got '' ünïcödé 100%", results["invalid"]!["details"]!.GetValue<string>());
        Assert.Equal("DEADLINE_EXCEEDED", Code(results["deadline"]));
        Assert.Equal(8 << 20, results["large"]!["responses"]![0]!["padding"]!.GetValue<int>());
        Assert.Equal("RESOURCE_EXHAUSTED", Code(results["tooLarge"]));
        Assert.Equal("zipped", First(results["gzip"]));
        Assert.Equal(200, results["concurrent"]!.AsArray().Count(result => Code(result) == "OK"));
        Assert.Equal("SERVING", results["health"]!["responses"]![0]!["status"]!.GetValue<string>());
    }

    [GrpcJsFact]
    public async Task Our_client_calls_a_grpc_js_server()
    {
        using var foreign = await ForeignServer.StartAsync("node", Path.Combine(Scripts, "server.js"), Protos);
        using var channel = new GrpcChannel(foreign.Address);
        const string service = "/distillery.test.v1.Interop/";

        var echo = await channel.UnaryAsync<Text>(service + "Echo", new Text { Value = "héllo" });
        var parts = new List<string>();
        await foreach (var part in channel.ServerStreamingAsync<Text>(service + "Split", new Text { Value = "x" }))
        {
            parts.Add(part.Value);
        }

        var rejected = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(service + "Reject", new Text()));
        var late = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(service + "Wait", new Text(), new CallOptions(TimeSpan.FromMilliseconds(300))));

        Assert.Equal("héllo", echo.Value);
        Assert.Equal(["x", "x", "x"], parts);
        Assert.Equal((StatusCode.InvalidArgument, "value: rejected by grpc-js ünïcödé"), (rejected.Status, rejected.Message));
        Assert.Equal(StatusCode.DeadlineExceeded, late.Status);
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
