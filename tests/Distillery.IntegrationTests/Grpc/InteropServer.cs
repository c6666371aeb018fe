using System.Net;
using Distillery.Grpc.Server;
using Distillery.IntegrationTests.Grpc.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Our gRPC server with the interop service and health, on a loopback port, HTTP/2 without TLS (prior knowledge).</summary>
internal sealed class InteropServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InteropServer(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.First());

    /// <summary><c>host:port</c>, as foreign clients take it.</summary>
    public string Target => Address.Authority;

    public static async Task<InteropServer> StartAsync(params string[] settings)
    {
        // 9 MiB: an 8 MB message passes, a 10 MB one is refused.
        var builder = WebApplication.CreateBuilder(["--Distillery:Grpc:MaxReceiveMessageSize=" + (9 * 1024 * 1024), .. settings]);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddDistilleryGrpc().AddSingleton<InteropService>();
        var app = builder.Build();
        app.MapGrpcService<InteropService>(InteropTestReflection.Descriptor.Services[0]);
        app.MapGrpcHealth();
        await app.StartAsync();
        return new InteropServer(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
