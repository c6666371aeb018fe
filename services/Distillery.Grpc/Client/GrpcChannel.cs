using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Distillery.Grpc.Client;

/// <summary>
/// Calls gRPC methods over one shared <see cref="HttpClient"/> (HTTP/2, several connections,
/// keep-alive pings): unary calls and server streams, with deadlines, metadata, cancellation,
/// and retries with back-off on UNAVAILABLE only. A non-OK status is thrown as
/// <see cref="RpcException"/> with the server's status and (percent-decoded) message.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpClient _http;
    private readonly GrpcChannelOptions _options;

    public GrpcChannel(Uri address, GrpcChannelOptions? options = null)
    {
        _options = options ?? new GrpcChannelOptions();
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = _options.KeepAlivePingDelay,
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        // http:// addresses use HTTP/2 with prior knowledge (in-cluster); https:// negotiates it.
        _http = new HttpClient(handler)
        {
            BaseAddress = address,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<TResponse> UnaryAsync<TResponse>(string method, IMessage request, CallOptions? options = null)
        where TResponse : IMessage<TResponse>, new()
    {
        options ??= new CallOptions();
        var backoff = _options.InitialBackoff;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                TResponse? response = default;
                await foreach (var message in CallAsync<TResponse>(method, request, options))
                {
                    response = message;
                }

                return response ?? throw new RpcException(StatusCode.Internal, $"{method} returned no message");
            }
            catch (RpcException e) when (e.Status == StatusCode.Unavailable && attempt < _options.MaxRetries)
            {
                await Task.Delay(backoff, options.CancellationToken);
                backoff *= 2;
            }
        }
    }

    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TResponse>(string method, IMessage request, CallOptions? options = null)
        where TResponse : IMessage<TResponse>, new() => CallAsync<TResponse>(method, request, options ?? new CallOptions());

    private async IAsyncEnumerable<TResponse> CallAsync<TResponse>(string method, IMessage request, CallOptions options)
        where TResponse : IMessage<TResponse>, new()
    {
        using var deadline = new CancellationTokenSource();
        if (options.Timeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }

        using var call = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, options.CancellationToken);
        using var message = Request(method, request, options);
        var parser = new MessageParser<TResponse>(() => new TResponse());
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, call.Token);
        }
        catch (HttpRequestException e)
        {
            throw new RpcException(StatusCode.Unavailable, $"cannot reach {_http.BaseAddress}: {e.Message}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new RpcException(FromHttp(response.StatusCode), $"HTTP {(int)response.StatusCode} from {method}");
            }

            if (Status(response.Headers) is { } early)
            {
                Throw(early);
                yield break;
            }

            await using var body = await response.Content.ReadAsStreamAsync(call.Token);
            while (true)
            {
                byte[]? frame;
                try
                {
                    frame = await ReadFrame(body, call.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    throw new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded");
                }

                if (frame is null)
                {
                    break;
                }

                yield return parser.ParseFrom(frame);
            }

            Throw(Status(response.TrailingHeaders) ?? (StatusCode.Internal, "the response ended without a grpc-status trailer"));
        }
    }

    private static HttpRequestMessage Request(string method, IMessage request, CallOptions options)
    {
        var payload = request.ToByteArray();
        var framed = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(framed, 5);
        // A request message does not take the client's default version: HTTP/2 must be asked for on each.
        var message = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = new ByteArrayContent(framed),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        if (options.Timeout is { } timeout)
        {
            message.Headers.TryAddWithoutValidation("grpc-timeout", $"{Math.Max(1, (long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}m");
        }

        foreach (var (key, value) in options.Metadata ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(key, value);
        }

        return message;
    }

    private async Task<byte[]?> ReadFrame(Stream body, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        var read = await body.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < 5)
        {
            throw new RpcException(StatusCode.Internal, "the response ended inside a frame header");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)_options.MaxReceiveMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"received message larger than max ({length} vs. {_options.MaxReceiveMessageSize})");
        }

        if (header[0] != 0)
        {
            throw new RpcException(StatusCode.Internal, "compressed response messages are not requested by this client");
        }

        var payload = new byte[length];
        await body.ReadExactlyAsync(payload, cancellationToken);
        return payload;
    }

    private static (StatusCode Status, string Message)? Status(HttpHeaders headers) =>
        headers.TryGetValues("grpc-status", out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? ((StatusCode)code, headers.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.FirstOrDefault() ?? string.Empty) : string.Empty)
            : null;

    private static void Throw((StatusCode Status, string Message) status)
    {
        if (status.Status != StatusCode.OK)
        {
            throw new RpcException(status.Status, status.Message);
        }
    }

    private static StatusCode FromHttp(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    public void Dispose() => _http.Dispose();
}
