using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Distillery.Grpc.Wire;
using Google.Protobuf;

namespace Distillery.Grpc.Client;

/// <summary>
/// One call on the wire: sends the request (one message, or a stream of them), reads the
/// response frames as they arrive, and ends with the status from the trailers, or from the
/// headers alone (trailers-only). A non-OK status is thrown as <see cref="RpcException"/>;
/// one that came before the server took the call on is marked retryable.
/// </summary>
internal static class GrpcCall
{
    public static async IAsyncEnumerable<TResponse> RunAsync<TResponse>(
        HttpMessageInvoker http, Uri address, string method, Func<CancellationToken, HttpContent> content, CallOptions options, int maxReceiveMessageSize)
        where TResponse : IMessage<TResponse>, new()
    {
        using var deadline = new CancellationTokenSource();
        if (options.Timeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }

        using var call = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, options.CancellationToken);
        using var request = Request(new Uri(address, method), content(call.Token), options);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, call.Token);
        }
        catch (HttpRequestException e)
        {
            throw new RpcException(StatusCode.Unavailable, $"cannot reach {address}: {e.Message}") { Retryable = true };
        }
        catch (OperationCanceledException e) when (call.IsCancellationRequested)
        {
            throw Cancelled(deadline, e);
        }

        try
        {
            using (response)
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var status = FromHttp(response.StatusCode);
                    throw new RpcException(status, $"HTTP {(int)response.StatusCode} from {method}") { Retryable = status == StatusCode.Unavailable };
                }

                if (Status(response.Headers) is { } trailersOnly)
                {
                    ThrowIfFailed(trailersOnly, retryable: true);
                    yield break;
                }

                await using var body = await response.Content.ReadAsStreamAsync(call.Token);
                var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
                var encoding = response.Headers.TryGetValues("grpc-encoding", out var encodings) ? encodings.FirstOrDefault() : null;
                var parser = new MessageParser<TResponse>(() => new TResponse());
                await using var messages = GrpcFrames.ReadAsync(reader, parser, maxReceiveMessageSize, encoding, StatusCode.Internal, call.Token).GetAsyncEnumerator(call.Token);
                while (true)
                {
                    try
                    {
                        if (!await messages.MoveNextAsync())
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException e) when (call.IsCancellationRequested)
                    {
                        throw Cancelled(deadline, e);
                    }
                    catch (IOException e)
                    {
                        throw new RpcException(StatusCode.Unavailable, $"the connection to {address} failed during {method}: {e.Message}");
                    }

                    yield return messages.Current;
                }

                ThrowIfFailed(Status(response.TrailingHeaders) ?? new RpcException(StatusCode.Internal, "the response ended without a grpc-status trailer"), retryable: false);
            }
        }
        finally
        {
            // Stops a request stream the server no longer reads (it answered, or the caller left).
            await call.CancelAsync();
        }
    }

    private static HttpRequestMessage Request(Uri uri, HttpContent content, CallOptions options)
    {
        // A request message does not take the client's default version: HTTP/2 must be asked for on each.
        var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        message.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity,gzip");
        if (options.Timeout is { } timeout)
        {
            message.Headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout.Format(timeout));
        }

        foreach (var (key, value) in options.Metadata ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(key, value);
        }

        return message;
    }

    private static RpcException Cancelled(CancellationTokenSource deadline, OperationCanceledException cause) =>
        deadline.IsCancellationRequested
            ? new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded")
            : new RpcException(StatusCode.Cancelled, $"the call was cancelled by the caller: {cause.Message}");

    /// <summary>The status in <c>grpc-status</c>, <c>grpc-message</c> and <c>grpc-status-details-bin</c>; null when there is none.</summary>
    private static RpcException? Status(HttpHeaders headers)
    {
        if (!headers.TryGetValues("grpc-status", out var values) || !int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return null;
        }

        var message = headers.TryGetValues("grpc-message", out var messages) ? GrpcMessageEncoding.Decode(messages.FirstOrDefault() ?? string.Empty) : string.Empty;
        var details = headers.TryGetValues(StatusDetails.Header, out var encoded) ? StatusDetails.Decode(encoded.FirstOrDefault() ?? string.Empty) : null;
        return new RpcException((StatusCode)code, message, details);
    }

    private static void ThrowIfFailed(RpcException status, bool retryable)
    {
        if (status.Status != StatusCode.OK)
        {
            throw retryable ? new RpcException(status.Status, status.Message, status.Details) { Retryable = true } : status;
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
}
