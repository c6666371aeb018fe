using System.Text.Json;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.Testing;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// The proof that the Jobs API is standard gRPC: examples/grpcio-client, a Python grpcio client
/// written from the .proto files alone, lists the services by reflection, submits a job, watches
/// it to the end and fetches its report from every service running as its own process.
/// </summary>
[Collection("distributed services")]
public sealed class GrpcioOutsideClientTests
{
    private static string Script => Path.Combine(RepositoryFiles.Root, "examples", "grpcio-client", "distillery_client.py");

    [GrpcioOutsideClientFact]
    public async Task A_grpcio_client_from_the_protos_alone_lists_the_services_submits_watches_and_fetches_the_report()
    {
        await using var services = await DistributedServices.StartAsync();

        var (exitCode, output, error) = await Task.Run(() => DebianPython.Execute(
            [Script, "--target", $"127.0.0.1:{services.CoordinatorPort}", "--token", DistributedServices.Token, "--protos", Path.Combine(RepositoryFiles.Root, "protos")],
            input: "",
            TimeSpan.FromMinutes(8)));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}\n{services.Output}");
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        var listed = root.GetProperty("services").EnumerateArray().Select(service => service.GetString()).ToList();
        Assert.Contains("distillery.v1.Jobs", listed);
        Assert.Contains("grpc.health.v1.Health", listed);
        Assert.Equal("COMPLETED", root.GetProperty("state").GetString());
        Assert.True(root.GetProperty("events").GetInt32() > 0);
        Assert.Equal("application/json", root.GetProperty("report_content_type").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("report").ValueKind);
    }
}

/// <summary>Needs RabbitMQ, PostgreSQL, python3-grpcio and protoc: skipped locally without them, failing in CI.</summary>
public sealed class GrpcioOutsideClientFactAttribute : FactAttribute
{
    public GrpcioOutsideClientFactAttribute() =>
        Skip = TestServers.SkipReason(TestServers.RabbitMqVariable)
            ?? TestServers.SkipReason(TestServers.PostgresVariable)
            ?? (TestServers.InCi ? null : DebianPython.Unavailable("grpc") ?? ProtocMissing());

    private static string? ProtocMissing() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(folder => File.Exists(Path.Combine(folder, "protoc")))
            ? null
            : "protoc is not installed: apt-get install protobuf-compiler (scripts/install-deps.sh does)";
}
