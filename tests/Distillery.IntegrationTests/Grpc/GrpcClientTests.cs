using System.Threading.Channels;
using Distillery.Grpc;
using Distillery.Grpc.Client;
using Distillery.IntegrationTests.Grpc.Contracts;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Our gRPC client against our own server, a Python grpcio server (C core) and a Node grpc-js server: every call shape, errors, deadlines.</summary>
public sealed class GrpcClientTests
{
    private const string Service = "/distillery.test.v1.Interop/";

    public static TheoryData<string> AllPeers => [Peers.Ours, Peers.Grpcio, Peers.GrpcJs];

    private static async IAsyncEnumerable<Text> Texts(params string[] values)
    {
        foreach (var value in values)
        {
            await Task.Yield();
            yield return new Text { Value = value };
        }
    }

    [GrpcPeersTheory]
    [MemberData(nameof(AllPeers))]
    public async Task Unary_and_server_stream_calls_succeed(string peer)
    {
        await Peers.Against(peer, async channel =>
        {
            var echo = await channel.UnaryAsync<Text>(Service + "Echo", new Text { Value = "héllo" });
            var parts = new List<string>();
            await foreach (var part in channel.ServerStreamingAsync<Text>(Service + "Split", new Text { Value = peer == Peers.Ours ? "a b c" : "x" }))
            {
                parts.Add(part.Value);
            }

            Assert.Equal("héllo", echo.Value);
            Assert.Equal(peer == Peers.Ours ? ["a", "b", "c"] : ["x", "x", "x"], parts);
        });
    }

    [GrpcPeersTheory]
    [MemberData(nameof(AllPeers))]
    public async Task Client_stream_and_bidirectional_calls_succeed(string peer)
    {
        await Peers.Against(peer, async channel =>
        {
            var joined = await channel.ClientStreamingAsync<Text, Text>(Service + "Join", Texts("x", "y", "z"));
            var shouted = new List<string>();
            await foreach (var response in channel.DuplexStreamingAsync<Text, Text>(Service + "Shout", Texts("one", "two", "three")))
            {
                shouted.Add(response.Value);
            }

            Assert.Equal("x+y+z", joined.Value);
            Assert.Equal(["ONE", "TWO", "THREE"], shouted);
        });
    }

    [GrpcPeersTheory]
    [MemberData(nameof(AllPeers))]
    public async Task A_bidirectional_call_gets_each_answer_before_it_writes_the_next_request(string peer)
    {
        await Peers.Against(peer, async channel =>
        {
            // The next request is written only once the previous one's answer arrived: this
            // finishes only if requests and responses really travel at the same time.
            var requests = Channel.CreateUnbounded<Text>();
            await using var responses = channel.DuplexStreamingAsync<Text, Text>(Service + "Shout", requests.Reader.ReadAllAsync()).GetAsyncEnumerator();
            var answers = new List<string>();
            foreach (var word in new[] { "ping", "pong" })
            {
                await requests.Writer.WriteAsync(new Text { Value = word });
                Assert.True(await responses.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
                answers.Add(responses.Current.Value);
            }

            requests.Writer.Complete();
            Assert.False(await responses.MoveNextAsync());
            Assert.Equal(["PING", "PONG"], answers);
        });
    }

    [GrpcPeersTheory]
    [MemberData(nameof(AllPeers))]
    public async Task Error_status_and_message_and_deadline_reach_the_caller(string peer)
    {
        await Peers.Against(peer, async channel =>
        {
            var rejected = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(Service + "Reject", new Text()));
            var late = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(Service + "Wait", new Text(), new CallOptions(TimeSpan.FromMilliseconds(300))));

            Assert.Equal(StatusCode.InvalidArgument, rejected.Status);
            Assert.StartsWith("value: ", rejected.Message, StringComparison.Ordinal);
            Assert.Contains("ünïcödé", rejected.Message, StringComparison.Ordinal);
            Assert.Equal(StatusCode.DeadlineExceeded, late.Status);
        });
    }

    [Fact]
    public async Task Cancelling_a_stream_ends_the_call_as_cancelled()
    {
        await using var server = await InteropServer.StartAsync();
        using var channel = new GrpcChannel(server.Address);
        using var cancel = new CancellationTokenSource();
        var requests = Channel.CreateUnbounded<Text>();
        await requests.Writer.WriteAsync(new Text { Value = "first" });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var response in channel.DuplexStreamingAsync<Text, Text>(Service + "Shout", requests.Reader.ReadAllAsync(), new CallOptions(CancellationToken: cancel.Token)))
            {
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(StatusCode.Cancelled, error.Status);
    }

    [Fact]
    public async Task Invalid_fields_arrive_as_invalid_argument_with_their_names_in_message_and_details()
    {
        await using var server = await InteropServer.StartAsync();
        using var channel = new GrpcChannel(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(Service + "Validate", new Text()));

        Assert.Equal(StatusCode.InvalidArgument, error.Status);
        Assert.Equal("field 'value': must not be empty", error.Message);
        Assert.Equal([new FieldViolation("value", "must not be empty")], error.FieldViolations);
    }

    [Fact]
    public async Task Unreachable_server_is_unavailable_after_the_retries()
    {
        using var channel = new GrpcChannel(new Uri("http://127.0.0.1:1"), new GrpcChannelOptions { MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Text>(Service + "Echo", new Text()));

        Assert.Equal(StatusCode.Unavailable, error.Status);
    }
}
