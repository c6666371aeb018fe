using System.Net;
using Distillery.Grpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>
/// Our gRPC server with the interop service, a test Students service, health and reflection.
/// By default on one loopback port, HTTP/2 without TLS (prior knowledge).
/// </summary>
internal sealed class InteropServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InteropServer(WebApplication app) => _app = app;

    /// <summary>The plaintext HTTP/2 endpoint, on 127.0.0.1.</summary>
    public Uri Address => Endpoint("http", "127.0.0.1");

    /// <summary><c>host:port</c> of <see cref="Address"/>, as foreign clients take it.</summary>
    public string Target => Address.Authority;

    /// <summary>The TLS endpoint, named <c>localhost</c> as the test certificate is.</summary>
    public Uri TlsAddress => Endpoint("https", "localhost");

    public static Task<InteropServer> StartAsync(params string[] settings) => StartAsync(ListenOnLoopback, settings);

    /// <summary>
    /// <paramref name="configure"/> replaces the loopback endpoint (<see cref="ListenOnLoopback"/>):
    /// pass it on to keep it, or leave the endpoints to the <c>Distillery:Grpc</c> settings.
    /// </summary>
    public static async Task<InteropServer> StartAsync(Action<WebApplicationBuilder> configure, params string[] settings)
    {
        // 9 MiB: an 8 MB message passes, a 10 MB one is refused.
        var builder = WebApplication.CreateBuilder(["--Distillery:Grpc:MaxReceiveMessageSize=" + (9 * 1024 * 1024), .. settings]);
        builder.Logging.ClearProviders();
        configure(builder);
        builder.Services.AddDistilleryGrpc().AddSingleton<InteropService>().AddSingleton<TestStudentsService>();
        var app = builder.Build();
        app.MapDistilleryGrpcService<InteropService>();
        app.MapDistilleryGrpcService<TestStudentsService>();
        await app.StartAsync();
        return new InteropServer(app);
    }

    public static void ListenOnLoopback(WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));

    private Uri Endpoint(string scheme, string host)
    {
        var url = new Uri(_app.Urls.First(url => url.StartsWith(scheme + "://", StringComparison.Ordinal)));
        return new UriBuilder(scheme, host, url.Port).Uri;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
