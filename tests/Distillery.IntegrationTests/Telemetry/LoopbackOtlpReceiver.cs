using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distillery.IntegrationTests.Telemetry;

/// <summary>
/// A minimal OTLP/HTTP collector on loopback: accepts protobuf exports on <c>/v1/metrics</c>
/// and <c>/v1/traces</c> and keeps their raw bodies for inspection.
/// </summary>
internal sealed class LoopbackOtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();

    private LoopbackOtlpReceiver(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<LoopbackOtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var receiver = new LoopbackOtlpReceiver(builder.Build());
        receiver._app.MapPost("/v1/{signal}", receiver.Accept);
        await receiver._app.StartAsync();
        var address = receiver._app.Urls.First();
        receiver.Address = new Uri(address);
        return receiver;
    }

    /// <summary>Bodies received on <c>/v1/{signal}</c>.</summary>
    public IReadOnlyList<byte[]> Received(string signal) =>
        [.. _exports.Where(export => export.Path == "/v1/" + signal).Select(export => export.Body)];

    private async Task Accept(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        _exports.Enqueue((context.Request.Path.Value!, body.ToArray()));
        // An empty Export*ServiceResponse is an empty protobuf message: full success.
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
