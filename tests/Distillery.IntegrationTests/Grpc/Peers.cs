using Distillery.IntegrationTests.Infrastructure;
using Distillery.Testing;
using Grpc.Net.Client;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>The gRPC servers our client is tested against: ours, Python grpcio's (C core), and Node grpc-js's.</summary>
internal static class Peers
{
    public const string Ours = "ours";
    public const string Grpcio = "grpcio";
    public const string GrpcJs = "grpc-js";

    /// <summary>tests/interop-node: the grpc-js scripts.</summary>
    public static string NodeScripts => Path.Combine(RepositoryFiles.Root, "tests", "interop-node");

    /// <summary>The .proto files the foreign scripts load at run time (copied beside the tests).</summary>
    public static string Protos => Path.Combine(AppContext.BaseDirectory, "protos");

    /// <summary>Starts <paramref name="peer"/>, runs <paramref name="calls"/> on a channel to it, stops it.</summary>
    public static async Task Against(string peer, Func<GrpcChannel, Task> calls)
    {
        if (peer == Ours)
        {
            await using var server = await InteropServer.StartAsync();
            using var ours = GrpcClients.Channel(server.Address);
            await calls(ours);
            return;
        }

        using var foreign = peer == Grpcio
            ? await ServerProcess.StartAsync(DebianPython.Executable, Path.Combine(AppContext.BaseDirectory, "Grpc", "grpcio_server.py"))
            : await ServerProcess.StartAsync("node", Path.Combine(NodeScripts, "server.js"), Protos);
        using var channel = GrpcClients.Channel(foreign.Address);
        await calls(channel);
    }
}

/// <summary>A theory run against several peers: needs python3-grpcio and tests/interop-node's packages, skipped locally without them, failing in CI.</summary>
public sealed class GrpcPeersTheoryAttribute : TheoryAttribute
{
    public GrpcPeersTheoryAttribute() => Skip = GrpcioSkip.Reason() ?? new GrpcJsFactAttribute().Skip;
}
