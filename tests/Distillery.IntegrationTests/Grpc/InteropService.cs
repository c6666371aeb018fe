using System.Collections.Concurrent;
using Distillery.Grpc;
using Distillery.IntegrationTests.Grpc.Contracts;
using Google.Protobuf;
using Grpc.Core;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>The interop test service: each method one call shape or failure mode.</summary>
public sealed class InteropService : Interop.InteropBase
{
    private readonly ConcurrentDictionary<string, int> _flakyCalls = new(StringComparer.Ordinal);

    /// <summary>The request back, its value followed by the <c>x-suffix</c> metadata and by the request header that <c>x-echo-header</c> names (what arrived on the wire).</summary>
    public override Task<Text> Echo(Text request, ServerCallContext context)
    {
        var headers = context.RequestHeaders;
        var echoed = headers.GetValue("x-echo-header") is { } name ? headers.GetValue(name) : null;
        return Task.FromResult(new Text { Value = request.Value + headers.GetValue("x-suffix") + echoed, Padding = request.Padding });
    }

    public override async Task Split(Text request, IServerStreamWriter<Text> responseStream, ServerCallContext context)
    {
        foreach (var word in request.Value.Split(' '))
        {
            await responseStream.WriteAsync(new Text { Value = word }, context.CancellationToken);
        }
    }

    public override async Task<Text> Join(IAsyncStreamReader<Text> requestStream, ServerCallContext context)
    {
        var words = new List<string>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            words.Add(request.Value);
        }

        return new Text { Value = string.Join('+', words) };
    }

    public override async Task Shout(IAsyncStreamReader<Text> requestStream, IServerStreamWriter<Text> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new Text { Value = request.Value.ToUpperInvariant() }, context.CancellationToken);
        }
    }

    public override Task<Text> Reject(Text request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.InvalidArgument, $"value: must not be empty, got '{request.Value}' ünïcödé 100%"));

    public override Task<Text> Validate(Text request, ServerCallContext context) =>
        request.Value.Length == 0 ? throw InvalidArgument.Field("value", "must not be empty") : Task.FromResult(request);

    public override async Task<Text> Wait(Text request, ServerCallContext context)
    {
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return request;
    }

    public override Task<Text> Flaky(Text request, ServerCallContext context) =>
        _flakyCalls.AddOrUpdate(request.Value, 1, (_, calls) => calls + 1) <= 2
            ? throw new RpcException(new Status(StatusCode.Unavailable, "not yet"))
            : Task.FromResult(request);

    internal static ByteString Pad(int bytes) => ByteString.CopyFrom(new byte[bytes]);
}
