using System.Diagnostics;
using System.Globalization;
using Distillery.Benchmarks.Grpc;
using Distillery.Grpc.Client;
using Distillery.Testing;
using Google.Protobuf;
using Grpc.Core;
using Spectre.Console;

namespace Distillery.Benchmarks;

/// <summary>
/// <c>make bench-grpc</c>: the same client (ours) drives unary echo calls with 1 KB messages,
/// 64 at a time for a fixed duration, against our server and against Python grpcio's (C core),
/// each in a process of its own on this machine, and reports calls/s, p50 and p99 latency and
/// the ratio; then 1 MB server-streaming throughput against both, with the CPU time the server
/// and the client spent per MB: on a machine shared with other work, CPU time per MB moves far
/// less than MB/s does.
/// </summary>
internal static class GrpcBenchmark
{
    private const int Concurrency = 64;

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        using var ours = await OurServer();
        using var peer = await ServerProcess.StartAsync(DebianPython.Executable, Path.Combine(AppContext.BaseDirectory, "grpcio_bench_server.py"));
        var rows = new List<(string Server, Result Unary, Stream Stream)>();
        foreach (var (name, server) in new[] { ("Distillery (Kestrel)", ours), ("Python grpcio (C core)", peer) })
        {
            using var channel = DistilleryChannel.Create(server.Address);
            var client = new Bench.BenchClient(channel);
            await Load(client, TimeSpan.FromSeconds(2)); // warm-up: JIT, connections
            rows.Add((name, await Load(client, duration), await StreamThroughput(client, server)));
        }

        var table = new Table().Title($"unary echo, 1 KB, {Concurrency} concurrent calls for {duration.TotalSeconds:0} s; 1 MB server stream (median of 7 x 200 MB); same client, {Environment.ProcessorCount}-core machine, load {Load1()}")
            .AddColumns("server", "calls/s", "p50 ms", "p99 ms", "errors", "1 MB stream MB/s", "server CPU ms/MB", "client CPU ms/MB");
        foreach (var (server, unary, stream) in rows)
        {
            table.AddRow(
                server, F(unary.CallsPerSecond, "N0"), F(unary.P50, "0.00"), F(unary.P99, "0.00"), unary.Errors.ToString(CultureInfo.InvariantCulture),
                F(stream.MegabytesPerSecond, "N0"), F(stream.ServerCpuPerMegabyte, "0.00"), F(stream.ClientCpuPerMegabyte, "0.00"));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"throughput ratio ours/grpcio = {rows[0].Unary.CallsPerSecond / rows[1].Unary.CallsPerSecond:0.00}x (goal >= 1.0x)");
        Console.WriteLine($"p99 latency ratio ours/grpcio = {rows[0].Unary.P99 / rows[1].Unary.P99:0.00}x (lower is better)");
        Console.WriteLine($"1 MB streaming ratio ours/grpcio = {rows[0].Stream.MegabytesPerSecond / rows[1].Stream.MegabytesPerSecond:0.00}x");
        Console.WriteLine($"1 MB streaming server CPU per MB ours/grpcio = {rows[0].Stream.ServerCpuPerMegabyte / rows[1].Stream.ServerCpuPerMegabyte:0.00}x (lower is better)");
        return 0;
    }

    private sealed record Result(double CallsPerSecond, double P50, double P99, int Errors);

    private sealed record Stream(double MegabytesPerSecond, double ServerCpuPerMegabyte, double ClientCpuPerMegabyte);

    private static async Task<Result> Load(Bench.BenchClient client, TimeSpan duration)
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
                    await client.EchoAsync(request);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var all = latencies.SelectMany(list => list).Order().ToList();
        return new Result(all.Count / clock.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    /// <summary>
    /// The median of several streams of 200 messages of 1 MB: one stream lasts under a second,
    /// too short to trust alone on a shared machine. The first few only warm up: until the JIT
    /// has tiered up the streaming path, a .NET server pays for compiling it.
    /// </summary>
    private static async Task<Stream> StreamThroughput(Bench.BenchClient client, ServerProcess server)
    {
        const int messages = 200;
        const int warmUp = 3;
        const int runs = 7;
        var request = new Payload { Data = ByteString.CopyFrom(new byte[1024 * 1024]), Count = messages };
        var rates = new List<double>();
        var (serverCpu, clientCpu) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var run = -warmUp; run < runs; run++)
        {
            var (serverBefore, clientBefore) = (server.CpuTime, Process.GetCurrentProcess().TotalProcessorTime);
            var clock = Stopwatch.StartNew();
            long bytes = 0;
            using (var call = client.Stream(request))
            {
                await foreach (var payload in call.ResponseStream.ReadAllAsync())
                {
                    bytes += payload.Data.Length;
                }
            }

            if (run >= 0)
            {
                rates.Add(bytes / (1024.0 * 1024.0) / clock.Elapsed.TotalSeconds);
                serverCpu += server.CpuTime - serverBefore;
                clientCpu += Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
            }
        }

        return new Stream(rates.Order().ElementAt(runs / 2), serverCpu.TotalMilliseconds / runs / messages, clientCpu.TotalMilliseconds / runs / messages);
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Load1() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>This very program in server mode: through the dotnet host when run as a .dll, directly when run as its own executable.</summary>
    private static Task<ServerProcess> OurServer()
    {
        var host = Environment.ProcessPath!;
        var entry = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? ServerProcess.StartAsync(host, entry, "grpc-server")
            : ServerProcess.StartAsync(host, "grpc-server");
    }
}
