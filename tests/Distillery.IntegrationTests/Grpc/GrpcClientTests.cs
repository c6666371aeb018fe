using Distillery.Grpc;
using Distillery.Grpc.Client;
using Distillery.IntegrationTests.Grpc.Contracts;
using Distillery.Testing;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Our gRPC client against a Python grpcio server (C core) and against our own server.</summary>
public sealed class GrpcClientTests
{
    private const string Service = "/distillery.test.v1.Interop/";

    private static async Task Against(Func<GrpcChannel, Task> calls, bool grpcio)
    {
        if (grpcio)
        {
            using var foreign = await ForeignServer.StartAsync(DebianPython.Executable, Path.Combine(AppContext.BaseDirectory, "Grpc", "grpcio_server.py"));
            using var channel = new GrpcChannel(foreign.Address);
            await calls(channel);
            return;
        }

        await using var server = await InteropServer.StartAsync();
        using var ours = new GrpcChannel(server.Address);
        await calls(ours);
    }

    [GrpcioTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unary_and_server_stream_calls_succeed(bool grpcio)
    {
        await Against(async channel =>
        {
            var echo = await channel.UnaryAsync<Text>(Service + "Echo", new Text { Value = "héllo" });
            var parts = new List<string>();
            await foreach (var part in channel.ServerStreamingAsync<Text>(Service + "Split", new Text { Value = grpcio ? "x" : "a b c" }))
            {
                parts.Add(part.Value);
            }

            Assert.Equal("héllo", echo.Value);
            Assert.Equal(grpcio ? ["x", "x", "x"] : ["a", "b", "c"], parts);
        }, grpcio);
    }

    [GrpcioTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Error_status_and_message_and_deadline_reach_the_caller(bool grpcio)
    {
        await Against(async channel =>
        {
            var rejected = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(Service + "Reject", new Text()));
            var late = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(Service + "Wait", new Text(), new CallOptions(TimeSpan.FromMilliseconds(300))));

            Assert.Equal(StatusCode.InvalidArgument, rejected.Status);
            Assert.StartsWith("value: ", rejected.Message, StringComparison.Ordinal);
            Assert.Contains("ünïcödé", rejected.Message, StringComparison.Ordinal);
            Assert.Equal(StatusCode.DeadlineExceeded, late.Status);
        }, grpcio);
    }

    [Fact]
    public async Task Unreachable_server_is_unavailable_after_the_retries()
    {
        using var channel = new GrpcChannel(new Uri("http://127.0.0.1:1"), new GrpcChannelOptions { MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(Service + "Echo", new Text()));

        Assert.Equal(StatusCode.Unavailable, error.Status);
    }
}
