using System.Diagnostics;
using Distillery.IntegrationTests.Grpc.Contracts;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>W3C trace context over gRPC: our client sends the caller's trace, our server continues whatever trace a client sends.</summary>
public sealed class GrpcTracingTests
{
    private const string Echo = "/distillery.test.v1.Interop/Echo";

    [Fact]
    public async Task A_call_made_under_an_activity_carries_its_trace_on_the_wire_into_the_server_span()
    {
        using var spans = new ServerSpans();
        await using var server = await InteropServer.StartAsync();
        using var channel = GrpcClients.Channel(server.Address);
        using var caller = new Activity("label-batch").Start();

        // The server echoes the traceparent header it received.
        var echo = await GrpcClients.Interop(channel).EchoAsync(new Text(), GrpcClients.Options(metadata: new Dictionary<string, string> { ["x-echo-header"] = "traceparent" }));
        caller.Stop();

        Assert.Matches($"^00-{caller.TraceId}-[0-9a-f]{{16}}-[0-9a-f]{{2}}$", echo.Value);
        var span = spans.In(caller.TraceId);
        Assert.Equal(("distillery.test.v1.Interop/Echo", ActivityKind.Server), (span.OperationName, span.Kind));
        Assert.Equal(0, span.GetTagItem("rpc.grpc.status_code"));
    }

    [GrpcioFact]
    public async Task The_traceparent_a_grpcio_client_sends_becomes_the_trace_of_the_server_span()
    {
        using var spans = new ServerSpans();
        await using var server = await InteropServer.StartAsync();
        var trace = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();

        var result = GrpcioClient.Run(server.Target, [GrpcioClient.Call(Echo, "unary", [new Text()], metadata: [["traceparent", $"00-{trace}-{parent}-01"]])]).Single();

        Assert.Equal("OK", GrpcioClient.Code(result));
        var span = spans.In(trace);
        Assert.NotEqual(default, span.ParentSpanId);
        Assert.Equal("grpc", span.GetTagItem("rpc.system"));
        Assert.Equal(("distillery.test.v1.Interop", "Echo"), (span.GetTagItem("rpc.service"), span.GetTagItem("rpc.method")));
    }
}
