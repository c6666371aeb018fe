using System.Net;
using Distillery.Grpc.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distillery.Benchmarks.Grpc;

/// <summary>
/// <c>Distillery.Benchmarks grpc-server</c>: our side of the benchmark, distillery.bench.v1.Bench
/// on Kestrel, run as its own process (tests/Shared/ServerProcess.cs) like the grpcio peer (grpcio_bench_server.py).
/// </summary>
internal static class OurBenchServer
{
    public static async Task<int> ServeAsync()
    {
        var builder = WebApplication.CreateBuilder(["--Distillery:Grpc:MaxReceiveMessageSize=" + (64 << 20)]);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddDistilleryGrpc().AddSingleton<BenchService>();
        await using var app = builder.Build();
        app.MapDistilleryGrpcService<BenchService>();
        await app.StartAsync();
        Console.WriteLine(new Uri(app.Urls.First()).Port);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    internal sealed class BenchService : Bench.BenchBase
    {
        public override Task<Payload> Echo(Payload request, ServerCallContext context) => Task.FromResult(request);

        public override async Task Stream(Payload request, IServerStreamWriter<Payload> responseStream, ServerCallContext context)
        {
            for (var i = 0; i < request.Count; i++)
            {
                await responseStream.WriteAsync(request, context.CancellationToken);
            }
        }
    }
}
