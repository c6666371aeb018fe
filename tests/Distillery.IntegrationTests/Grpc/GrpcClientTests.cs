using System.Threading.Channels;
using Distillery.Grpc;
using Distillery.Grpc.Client;
using Distillery.IntegrationTests.Grpc.Contracts;
using Grpc.Core;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Our clients (generated, on <see cref="DistilleryChannel"/>) against our own server, a Python grpcio server (C core) and a Node grpc-js server: every call shape, errors, deadlines, retries.</summary>
public sealed class GrpcClientTests
{
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
            var interop = GrpcClients.Interop(channel);
            var echo = await interop.EchoAsync(new Text { Value = "héllo" });
            var parts = new List<string>();
            await foreach (var part in interop.Split(new Text { Value = peer == Peers.Ours ? "a b c" : "x" }).All())
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
            var interop = GrpcClients.Interop(channel);
            var joined = await interop.Join().Send(Texts("x", "y", "z"));
            var shouted = new List<string>();
            await foreach (var response in interop.Shout().Exchange(Texts("one", "two", "three")))
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
            using var call = GrpcClients.Interop(channel).Shout();
            var answers = new List<string>();
            foreach (var word in new[] { "ping", "pong" })
            {
                await call.RequestStream.WriteAsync(new Text { Value = word });
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
                answers.Add(call.ResponseStream.Current.Value);
            }

            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(["PING", "PONG"], answers);
        });
    }

    [GrpcPeersTheory]
    [MemberData(nameof(AllPeers))]
    public async Task Error_status_and_message_and_deadline_reach_the_caller(string peer)
    {
        await Peers.Against(peer, async channel =>
        {
            var interop = GrpcClients.Interop(channel);
            var rejected = await Assert.ThrowsAsync<RpcException>(() => interop.RejectAsync(new Text()).ResponseAsync);
            var late = await Assert.ThrowsAsync<RpcException>(() => interop.WaitAsync(new Text(), GrpcClients.Options(TimeSpan.FromMilliseconds(300))).ResponseAsync);

            Assert.Equal(StatusCode.InvalidArgument, rejected.StatusCode);
            Assert.StartsWith("value: ", rejected.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("ünïcödé", rejected.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(StatusCode.DeadlineExceeded, late.StatusCode);
        });
    }

    [Fact]
    public async Task Cancelling_a_stream_ends_the_call_as_cancelled()
    {
        await using var server = await InteropServer.StartAsync();
        using var channel = GrpcClients.Channel(server.Address);
        using var cancel = new CancellationTokenSource();
        var requests = Channel.CreateUnbounded<Text>();
        await requests.Writer.WriteAsync(new Text { Value = "first" });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var response in GrpcClients.Interop(channel).Shout(GrpcClients.Options(cancellationToken: cancel.Token)).Exchange(requests.Reader.ReadAllAsync()))
            {
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task Invalid_fields_arrive_as_invalid_argument_with_their_names_in_message_and_details()
    {
        await using var server = await InteropServer.StartAsync();
        using var channel = GrpcClients.Channel(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Interop(channel).ValidateAsync(new Text()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("field 'value': must not be empty", error.Status.Detail);
        var violation = Assert.Single(InvalidArgument.Violations(error));
        Assert.Equal(("value", "must not be empty"), (violation.Field, violation.Description));
    }

    [Fact]
    public async Task A_call_refused_with_unavailable_is_retried_by_the_channel_policy()
    {
        await using var server = await InteropServer.StartAsync();
        using var retrying = GrpcClients.Channel(server.Address, new ChannelSettings { MaxRetries = 3, InitialBackoff = TimeSpan.FromMilliseconds(10) });
        using var once = GrpcClients.Channel(server.Address, new ChannelSettings { MaxRetries = 0 });

        var answered = await GrpcClients.Interop(retrying).FlakyAsync(new Text { Value = "retried" });
        var refused = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Interop(once).FlakyAsync(new Text { Value = "not retried" }).ResponseAsync);

        Assert.Equal("retried", answered.Value);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
    }

    [Fact]
    public async Task Unreachable_server_is_unavailable_after_the_retries()
    {
        using var channel = GrpcClients.Channel(new Uri("http://127.0.0.1:1"), new ChannelSettings { MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Interop(channel).EchoAsync(new Text()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
