using Distillery.Grpc.Wire;
using Google.Protobuf;

namespace Distillery.Grpc.Client;

/// <summary>
/// Calls the gRPC methods of one server: unary, server streaming, client streaming and
/// bidirectional, with deadlines, metadata and cancellation (<see cref="CallOptions"/>), over
/// HTTP/2 connections it owns or shares (<see cref="GrpcClientServiceCollectionExtensions"/>).
/// Streams of responses are <see cref="IAsyncEnumerable{T}"/>; a stream of requests is any
/// <see cref="IAsyncEnumerable{T}"/>, e.g. a <c>System.Threading.Channels.Channel</c>'s reader
/// for a caller that writes as it goes. Unary calls refused with UNAVAILABLE before the server
/// took them on are retried with back-off; a non-OK status is thrown as <see cref="RpcException"/>
/// with the server's status, message and details.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpMessageInvoker _http;
    private readonly GrpcChannelOptions _options;

    /// <summary>A channel with its own connections. http:// uses HTTP/2 with prior knowledge (in-cluster); https:// negotiates it.</summary>
    public GrpcChannel(Uri address, GrpcChannelOptions? options = null)
        : this(address, GrpcHttpHandler.Create(options ?? new GrpcChannelOptions()), options, disposeHandler: true)
    {
    }

    /// <summary>A channel over <paramref name="handler"/>, which other channels may share.</summary>
    public GrpcChannel(Uri address, HttpMessageHandler handler, GrpcChannelOptions? options = null, bool disposeHandler = false)
    {
        Address = address;
        Handler = handler;
        _options = options ?? new GrpcChannelOptions();
        _http = new HttpMessageInvoker(handler, disposeHandler);
    }

    public Uri Address { get; }

    internal HttpMessageHandler Handler { get; }

    public async Task<TResponse> UnaryAsync<TResponse>(string method, IMessage request, CallOptions? options = null)
        where TResponse : IMessage<TResponse>, new()
    {
        options ??= new CallOptions();
        var frame = GrpcFrames.ToFrame(request);
        var deadline = DateTime.UtcNow + options.Timeout;
        var backoff = _options.InitialBackoff;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await Single(Run<TResponse>(method, _ => new ByteArrayContent(frame), Remaining(options, deadline)), method);
            }
            catch (RpcException e) when (e is { Status: StatusCode.Unavailable, Retryable: true } && attempt < _options.MaxRetries)
            {
                await Task.Delay(backoff * (0.8 + (0.4 * Random.Shared.NextDouble())), options.CancellationToken);
                backoff *= 2;
            }
        }
    }

    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TResponse>(string method, IMessage request, CallOptions? options = null)
        where TResponse : IMessage<TResponse>, new() =>
        Run<TResponse>(method, _ => new ByteArrayContent(GrpcFrames.ToFrame(request)), options ?? new CallOptions());

    public Task<TResponse> ClientStreamingAsync<TRequest, TResponse>(string method, IAsyncEnumerable<TRequest> requests, CallOptions? options = null)
        where TRequest : IMessage
        where TResponse : IMessage<TResponse>, new() =>
        Single(DuplexStreamingAsync<TRequest, TResponse>(method, requests, options), method);

    public IAsyncEnumerable<TResponse> DuplexStreamingAsync<TRequest, TResponse>(string method, IAsyncEnumerable<TRequest> requests, CallOptions? options = null)
        where TRequest : IMessage
        where TResponse : IMessage<TResponse>, new() =>
        Run<TResponse>(method, call => new RequestStreamContent<TRequest>(requests, call), options ?? new CallOptions());

    /// <summary>Every attempt of a call shares the caller's one deadline.</summary>
    private static CallOptions Remaining(CallOptions options, DateTime? deadline)
    {
        if (deadline is not { } at)
        {
            return options;
        }

        var remaining = at - DateTime.UtcNow;
        return remaining > TimeSpan.Zero ? options with { Timeout = remaining } : throw new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    }

    private IAsyncEnumerable<TResponse> Run<TResponse>(string method, Func<CancellationToken, HttpContent> content, CallOptions options)
        where TResponse : IMessage<TResponse>, new() =>
        GrpcCall.RunAsync<TResponse>(_http, Address, method, content, options, _options.MaxReceiveMessageSize);

    private static async Task<TResponse> Single<TResponse>(IAsyncEnumerable<TResponse> responses, string method)
    {
        var count = 0;
        TResponse? response = default;
        await foreach (var message in responses)
        {
            (response, count) = (message, count + 1);
        }

        return count == 1 ? response! : throw new RpcException(StatusCode.Internal, $"{method} returned {count} messages where one was expected");
    }

    public void Dispose() => _http.Dispose();
}
