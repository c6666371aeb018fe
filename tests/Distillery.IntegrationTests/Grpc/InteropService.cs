using Distillery.Grpc;
using Distillery.Grpc.Server;
using Distillery.IntegrationTests.Grpc.Contracts;
using Google.Protobuf;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>The interop test service: each method one call shape or failure mode.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "gRPC handlers are bound as instance methods")]
public sealed class InteropService
{
    /// <summary>The request back, its value followed by the <c>x-suffix</c> metadata and by the request header that <c>x-echo-header</c> names (what arrived on the wire).</summary>
    public Task<Text> Echo(Text request, ServerCallContext context)
    {
        var headers = context.RequestHeaders;
        var echoed = headers["x-echo-header"].FirstOrDefault() is { } name ? headers[name].FirstOrDefault() : null;
        return Task.FromResult(new Text { Value = request.Value + headers["x-suffix"].FirstOrDefault() + echoed, Padding = request.Padding });
    }

    public async Task Split(Text request, IServerStreamWriter<Text> responses, ServerCallContext context)
    {
        foreach (var word in request.Value.Split(' '))
        {
            await responses.WriteAsync(new Text { Value = word }, context.CancellationToken);
        }
    }

    public async Task<Text> Join(IAsyncEnumerable<Text> requests, ServerCallContext context)
    {
        var words = new List<string>();
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            words.Add(request.Value);
        }

        return new Text { Value = string.Join('+', words) };
    }

    public async Task Shout(IAsyncEnumerable<Text> requests, IServerStreamWriter<Text> responses, ServerCallContext context)
    {
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            await responses.WriteAsync(new Text { Value = request.Value.ToUpperInvariant() }, context.CancellationToken);
        }
    }

    public Task<Text> Reject(Text request, ServerCallContext context) =>
        throw new RpcException(StatusCode.InvalidArgument, $"value: must not be empty, got '{request.Value}' ünïcödé 100%");

    public Task<Text> Validate(Text request, ServerCallContext context) =>
        request.Value.Length == 0 ? throw new RpcValidationException("value", "must not be empty") : Task.FromResult(request);

    public async Task<Text> Wait(Text request, ServerCallContext context)
    {
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return request;
    }

    /// <summary>Lacks Split and the rest: binding it must fail at start-up.</summary>
    public sealed class Incomplete
    {
        public Task<Text> Echo(Text request, ServerCallContext context) => Task.FromResult(request);
    }

    internal static ByteString Pad(int bytes) => ByteString.CopyFrom(new byte[bytes]);
}
