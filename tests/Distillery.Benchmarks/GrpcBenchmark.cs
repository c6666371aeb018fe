using System.Diagnostics;
using System.Globalization;
using System.Net;
using Distillery.Benchmarks.Grpc;
using Distillery.Grpc.Client;
using Distillery.Grpc.Server;
using Distillery.Testing;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Distillery.Benchmarks;

/// <summary>
/// <c>make bench-grpc</c>: the same client (ours) drives unary echo calls with 1 KB messages,
/// 64 at a time for a fixed duration, against our server and against Python grpcio's (C core)
/// on this machine, and reports calls/s, p50 and p99 latency and the ratio; then 1 MB
/// server-streaming throughput against both.
/// </summary>
internal static class GrpcBenchmark
{
    private const int Concurrency = 64;
    private const string Echo = "/distillery.bench.v1.Bench/Echo";
    private const string StreamMethod = "/distillery.bench.v1.Bench/Stream";

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        var ours = await OurServer();
        var peer = await PeerServer();
        try
        {
            var rows = new List<(string Server, Result Unary, double StreamMegabytesPerSecond)>();
            foreach (var (name, address) in new[] { ("Distillery (Kestrel)", ours.Address), ("Python grpcio (C core)", peer.Address) })
            {
                using var channel = new GrpcChannel(address);
                await Load(channel, TimeSpan.FromSeconds(2)); // warm-up: JIT, connections
                rows.Add((name, await Load(channel, duration), await StreamThroughput(channel)));
            }

            var table = new Table().Title($"unary echo, 1 KB, {Concurrency} concurrent calls for {duration.TotalSeconds:0} s; 1 MB server stream; same client, 2-core machine")
                .AddColumns("server", "calls/s", "p50 ms", "p99 ms", "errors", "1 MB stream MB/s");
            foreach (var (server, unary, stream) in rows)
            {
                table.AddRow(server, F(unary.CallsPerSecond, "N0"), F(unary.P50, "0.00"), F(unary.P99, "0.00"), unary.Errors.ToString(CultureInfo.InvariantCulture), F(stream, "N0"));
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"throughput ratio ours/grpcio = {rows[0].Unary.CallsPerSecond / rows[1].Unary.CallsPerSecond:0.00}x (goal >= 1.0x)");
            Console.WriteLine($"p99 latency ratio ours/grpcio = {rows[0].Unary.P99 / rows[1].Unary.P99:0.00}x (lower is better)");
            Console.WriteLine($"1 MB streaming ratio ours/grpcio = {rows[0].StreamMegabytesPerSecond / rows[1].StreamMegabytesPerSecond:0.00}x");
            return 0;
        }
        finally
        {
            await ours.App.DisposeAsync();
            peer.Process.StandardInput.Close();
            peer.Process.WaitForExit(5_000);
        }
    }

    private sealed record Result(double CallsPerSecond, double P50, double P99, int Errors);

    private static async Task<Result> Load(GrpcChannel channel, TimeSpan duration)
    {
        var request = new Payload { Data = ByteString.CopyFrom(new byte[1024]) };
        var latencies = new List<double>[Concurrency];
        var errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await channel.UnaryAsync<Payload>(Echo, request);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Distillery.Grpc.RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var all = latencies.SelectMany(list => list).Order().ToList();
        return new Result(all.Count / clock.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static async Task<double> StreamThroughput(GrpcChannel channel)
    {
        const int messages = 200;
        var request = new Payload { Data = ByteString.CopyFrom(new byte[1024 * 1024]), Count = messages };
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        await foreach (var payload in channel.ServerStreamingAsync<Payload>(StreamMethod, request))
        {
            bytes += payload.Data.Length;
        }

        return bytes / (1024.0 * 1024.0) / clock.Elapsed.TotalSeconds;
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static async Task<(WebApplication App, Uri Address)> OurServer()
    {
        var builder = WebApplication.CreateBuilder(["--Distillery:Grpc:MaxReceiveMessageSize=" + (64 << 20)]);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddDistilleryGrpc().AddSingleton<BenchService>();
        var app = builder.Build();
        app.MapGrpcService<BenchService>(BenchReflection.Descriptor.Services[0]);
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }

    private static async Task<(Process Process, Uri Address)> PeerServer()
    {
        var process = Process.Start(new ProcessStartInfo(DebianPython.Executable, [Path.Combine(AppContext.BaseDirectory, "grpcio_bench_server.py")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        var port = int.Parse((await process.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
        return (process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Our side of the benchmark service.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "gRPC handlers are bound as instance methods")]
    internal sealed class BenchService
    {
        public Task<Payload> Echo(Payload request, ServerCallContext context) => Task.FromResult(request);

        public async Task Stream(Payload request, IServerStreamWriter<Payload> responses, ServerCallContext context)
        {
            for (var i = 0; i < request.Count; i++)
            {
                await responses.WriteAsync(request, context.CancellationToken);
            }
        }
    }
}
