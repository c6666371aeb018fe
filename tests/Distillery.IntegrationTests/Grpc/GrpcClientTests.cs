using System.Diagnostics;
using System.Net;
using Distillery.Grpc;
using Distillery.Grpc.Client;
using Distillery.Grpc.Server;
using Distillery.IntegrationTests.Grpc.Contracts;
using Distillery.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Our gRPC client against a Python grpcio server (C core) and against our own server.</summary>
public sealed class GrpcClientTests
{
    private const string Service = "/distillery.test.v1.Interop/";

    private static async Task Against(Func<GrpcChannel, Task> calls, bool grpcio)
    {
        if (grpcio)
        {
            var start = new ProcessStartInfo(DebianPython.Executable, [Path.Combine(AppContext.BaseDirectory, "Grpc", "grpcio_server.py")])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            };
            using var server = Process.Start(start)!;
            try
            {
                var port = int.Parse((await server.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
                using var channel = new GrpcChannel(new Uri($"http://127.0.0.1:{port}"));
                await calls(channel);
            }
            finally
            {
                server.StandardInput.Close();
                if (!server.WaitForExit(5_000))
                {
                    server.Kill(entireProcessTree: true);
                }
            }

            return;
        }

        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddDistilleryGrpc().AddSingleton<InteropService>();
        await using var app = builder.Build();
        app.MapGrpcService<InteropService>(InteropTestReflection.Descriptor.Services[0]);
        await app.StartAsync();
        using (var channel = new GrpcChannel(new Uri(app.Urls.First())))
        {
            await calls(channel);
        }

        await app.StopAsync();
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
