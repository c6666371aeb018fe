using System.Globalization;
using System.Net;
using Distillery.Inference;
using Distillery.Inference.Engine;
using Distillery.Inference.Models;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;
using Distillery.Llama;
using Distillery.ServiceDefaults.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Distillery.IntegrationTests.Inference;

/// <summary>
/// The Inference service composed as its host composes it (service defaults, AddInference,
/// MapInference), in this process, serving the tiny model as <see cref="Model"/>: gRPC on one
/// loopback port (HTTP/2 only), the OpenAI endpoint and health on another (HTTP/1.1).
/// </summary>
internal sealed class InferenceServer : IAsyncDisposable
{
    public const string Model = "tiny";
    public const string InferenceService = "/distillery.v1.Inference/";

    private readonly WebApplication _app;

    private InferenceServer(WebApplication app, Uri grpc, Uri http)
    {
        _app = app;
        GrpcAddress = grpc;
        Channel = GrpcClients.Channel(grpc);
        HttpAddress = http;
    }

    /// <summary>The HTTP/2 endpoint: gRPC.</summary>
    public Uri GrpcAddress { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The HTTP/1.1 endpoint: health probes and the OpenAI-compatible API.</summary>
    public Uri HttpAddress { get; }

    public ModelEngine Engine => _app.Services.GetRequiredService<ModelRegistry>().Get(Model);

    /// <summary>Starts the service with the tiny model, 8 slots of 2048 tokens and one thread, then <paramref name="settings"/>; returns once the model is loaded.</summary>
    public static async Task<InferenceServer> StartAsync(TinyModelFixture fixture, params string[] settings)
    {
        var builder = WebApplication.CreateBuilder(
        [
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Distillery:Inference:Models:0:Name={Model}",
            $"--Distillery:Inference:Models:0:Path={fixture.ModelPath}",
            "--Distillery:Inference:Models:0:ContextLength=2048",
            "--Distillery:Inference:Models:0:ParallelSequences=8",
            "--Distillery:Inference:Models:0:Threads=1",
            $"--Distillery:Native:Path={TinyModelFixture.NativeDirectory}",
            .. settings,
        ]);
        ListenOptions? grpc = null;
        ListenOptions? http = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => (grpc = listen).Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => (http = listen).Protocols = HttpProtocols.Http1);
        });
        builder.AddServiceDefaults("inference-test");
        builder.AddInference();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInference();
        await app.StartAsync();
        await app.Services.GetRequiredService<ModelRegistry>().WhenAllLoaded.WaitAsync(TimeSpan.FromSeconds(60));

        // The host routed llama.cpp's log to its own loggers: give it back to the shared fixture's.
        LlamaBackend.Initialize(new LlamaNativeOptions { Path = TinyModelFixture.NativeDirectory }, fixture.Log);
        return new InferenceServer(app, Address(grpc!), Address(http!));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Uri Address(ListenOptions listen) =>
        new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{listen.IPEndPoint!.Port}"));
}
