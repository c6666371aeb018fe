using System.Diagnostics.Metrics;
using Distillery.Grpc.Server;
using Distillery.IntegrationTests.Grpc.Contracts;
using Distillery.ServiceDefaults.Logging;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;

namespace Distillery.IntegrationTests.Grpc;

public sealed class GrpcInterceptorTests
{
    private const string Interop = GrpcioClient.Interop;

    private static object Call(string method, IMessage request, string? token = null) =>
        GrpcioClient.Call(method, "unary", [request], metadata: token is null ? [] : [["authorization", $"Bearer {token}"]]);

    [GrpcioFact]
    public async Task Protected_service_needs_a_valid_bearer_token_while_health_stays_open()
    {
        await using var server = await InteropServer.StartAsync(
            [.. Infrastructure.TestPrincipals.Principal(0, "tester", "s3cret-token"), Infrastructure.TestPrincipals.Protect("distillery.test.v1.Interop")]);

        var results = GrpcioClient.Run(
            server.Target,
            [
                Call(Interop + "Echo", new Text { Value = "no token" }),
                Call(Interop + "Echo", new Text { Value = "wrong" }, token: "guess"),
                Call(Interop + "Echo", new Text { Value = "right" }, token: "s3cret-token"),
                Call("/grpc.health.v1.Health/Check", new HealthCheckRequest()),
            ]);

        Assert.Equal(["UNAUTHENTICATED", "UNAUTHENTICATED", "OK", "OK"], results.Select(GrpcioClient.Code));
        Assert.Contains("bearer token is required", results[0]!["details"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not valid", results[1]!["details"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_call_is_measured_by_method_and_status()
    {
        var recorded = new List<(string Method, int Status)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == CallObservationInterceptor.MeterName)
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, milliseconds, tags, _) =>
        {
            var tagList = tags.ToArray();
            lock (recorded)
            {
                recorded.Add(((string)tagList.First(tag => tag.Key == "rpc.method").Value!, (int)tagList.First(tag => tag.Key == "rpc.grpc.status_code").Value!));
            }
        });
        listener.Start();
        await using var server = await InteropServer.StartAsync();
        using var channel = GrpcClients.Channel(server.Address);

        await GrpcClients.Interop(channel).EchoAsync(new Text { Value = "x" }).ResponseAsync;
        await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Interop(channel).RejectAsync(new Text()).ResponseAsync);

        lock (recorded)
        {
            Assert.Contains((Interop + "Echo", 0), recorded);
            Assert.Contains((Interop + "Reject", (int)StatusCode.InvalidArgument), recorded);
        }
    }

    [Fact]
    public async Task Every_call_is_logged_with_method_status_and_duration_and_failures_above_debug()
    {
        using var text = new StringWriter();
        var log = TextWriter.Synchronized(text);
        await using (var server = await InteropServer.StartAsync(
            builder =>
            {
                InteropServer.ListenOnLoopback(builder);
                builder.AddDistilleryLogging("grpc-logging-test", log);
            },
            "--Distillery:Logging:Format=Text",
            "--Serilog:MinimumLevel:Default=Information"))
        {
            using var channel = GrpcClients.Channel(server.Address);
            await GrpcClients.Interop(channel).EchoAsync(new Text { Value = "a secret text" }).ResponseAsync;
            await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Interop(channel).ValidateAsync(new Text()).ResponseAsync);
        }

        var lines = text.ToString().Split('\n').Where(line => line.Contains("gRPC /", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, line => line.Contains($"gRPC {Interop}Validate ended with InvalidArgument after ", StringComparison.Ordinal) && line.Contains(" ms", StringComparison.Ordinal));
        // Successful calls log at Debug, below this host's level; no message text is ever logged.
        Assert.DoesNotContain(lines, line => line.Contains("Echo", StringComparison.Ordinal));
        Assert.DoesNotContain("a secret text", text.ToString(), StringComparison.Ordinal);
    }
}
