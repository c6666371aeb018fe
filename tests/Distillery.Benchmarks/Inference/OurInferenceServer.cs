using System.Globalization;
using System.Net;
using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc.Client;
using Distillery.Inference;
using Distillery.Inference.Engine;
using Distillery.Inference.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distillery.Benchmarks.Inference;

/// <summary>Our Inference service (AddInference, MapInference) in this process, serving one model as <c>bench</c> over gRPC on loopback.</summary>
internal sealed class OurInferenceServer : IAsyncDisposable
{
    public const string Model = "bench";
    private readonly WebApplication _app;
    private readonly global::Grpc.Net.Client.GrpcChannel _channel;

    private OurInferenceServer(WebApplication app, Uri address)
    {
        _app = app;
        _channel = DistilleryChannel.Create(address);
        Client = new Contracts.Grpc.V1.Inference.InferenceClient(_channel);
    }

    public Contracts.Grpc.V1.Inference.InferenceClient Client { get; }

    public ModelEngine Engine => _app.Services.GetRequiredService<ModelRegistry>().Get(Model);

    public static async Task<OurInferenceServer> StartAsync(string modelPath, int slots, bool prefixCache, int threads, int contextLength)
    {
        var builder = WebApplication.CreateBuilder(
        [
            $"--Distillery:Inference:Models:0:Name={Model}",
            $"--Distillery:Inference:Models:0:Path={modelPath}",
            $"--Distillery:Inference:Models:0:ContextLength={contextLength.ToString(CultureInfo.InvariantCulture)}",
            $"--Distillery:Inference:Models:0:ParallelSequences={slots.ToString(CultureInfo.InvariantCulture)}",
            $"--Distillery:Inference:Models:0:Threads={threads.ToString(CultureInfo.InvariantCulture)}",
            $"--Distillery:Inference:Models:0:PrefixCache={prefixCache}",
            "--Distillery:Inference:OpenAiEndpoint=false",
        ]);
        builder.Logging.ClearProviders();
        ListenOptions? grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => (grpc = listen).Protocols = HttpProtocols.Http2));
        builder.AddInference();
        var app = builder.Build();
        app.MapInference();
        await app.StartAsync();
        await app.Services.GetRequiredService<ModelRegistry>().WhenAllLoaded;

        return new OurInferenceServer(app, new Uri($"http://127.0.0.1:{grpc!.IPEndPoint!.Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
