using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Server;

/// <summary>
/// Serves one method of one service over the gRPC wire protocol: checks the request is gRPC,
/// turns <c>grpc-timeout</c> into cancellation, reads and writes frames, and ends the call with
/// <c>grpc-status</c> and a percent-encoded <c>grpc-message</c>: in trailers, or in the headers
/// alone (trailers-only) when the call fails before any response message.
/// </summary>
internal sealed class MethodHandler<TService, TRequest, TResponse>(MethodDescriptor method, Delegate handler)
    where TService : class
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>
{
    private static readonly MessageParser<TRequest> Parser = new(() => new TRequest());

    private readonly string _path = $"/{method.Service.FullName}/{method.Name}";

    public async Task HandleAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var contentType = http.Request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        http.Response.ContentType = "application/grpc";
        http.Response.Headers["grpc-accept-encoding"] = "identity,gzip";
        using var deadline = GrpcTimeout.TryParse(http.Request.Headers["grpc-timeout"], out var timeout)
            ? new CancellationTokenSource(timeout)
            : new CancellationTokenSource();
        using var call = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, http.RequestAborted);
        var context = new ServerCallContext(http, _path, timeout == default ? null : DateTime.UtcNow + timeout, call.Token);
        using var writer = new ServerStreamWriter<TResponse>(http.Response, options.MaxSendMessageSize);
        var requests = Requests(http, options, call.Token);

        var (status, message) = (StatusCode.OK, string.Empty);
        var interceptors = http.RequestServices.GetServices<IGrpcInterceptor>().ToList();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            foreach (var interceptor in interceptors)
            {
                await interceptor.BeforeAsync(context);
            }

            var service = http.RequestServices.GetRequiredService<TService>();
            switch (handler)
            {
                case Func<TService, TRequest, ServerCallContext, Task<TResponse>> unary:
                    await writer.WriteAsync(await unary(service, await Single(requests), context), call.Token);
                    break;
                case Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> serverStreaming:
                    await serverStreaming(service, await Single(requests), writer, context);
                    break;
                case Func<TService, IAsyncEnumerable<TRequest>, ServerCallContext, Task<TResponse>> clientStreaming:
                    await writer.WriteAsync(await clientStreaming(service, requests, context), call.Token);
                    break;
                case Func<TService, IAsyncEnumerable<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> duplex:
                    await duplex(service, requests, writer, context);
                    break;
                default:
                    throw new InvalidOperationException($"no call shape for {_path}");
            }
        }
        catch (RpcException e)
        {
            (status, message) = (e.Status, e.Message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            (status, message) = (StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to read a status, but the call still counts.
            (status, message) = (StatusCode.Cancelled, "the client cancelled the call");
        }
        catch (InvalidProtocolBufferException e)
        {
            (status, message) = (StatusCode.Internal, $"cannot parse the request message: {e.Message}");
        }
        catch (ArgumentException e)
        {
            (status, message) = (StatusCode.InvalidArgument, e.Message);
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILogger<MethodHandler<TService, TRequest, TResponse>>>()
                .LogError(e, "gRPC handler {Method} failed", _path);
            (status, message) = (StatusCode.Unknown, "Exception was thrown by handler.");
        }

        foreach (var interceptor in interceptors)
        {
            interceptor.After(context, status, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        if (status != StatusCode.Cancelled || !http.RequestAborted.IsCancellationRequested)
        {
            await Finish(http, writer.Written, status, message);
        }
    }

    private static IAsyncEnumerable<TRequest> Requests(HttpContext http, GrpcServerOptions options, CancellationToken cancellationToken) =>
        GrpcFrames.ReadAsync(http.Request.BodyReader, options.MaxReceiveMessageSize, http.Request.Headers["grpc-encoding"], cancellationToken)
            .Select(bytes => Parser.ParseFrom(bytes));

    private static async Task<TRequest> Single(IAsyncEnumerable<TRequest> requests)
    {
        TRequest? first = null;
        await foreach (var request in requests)
        {
            if (first is not null)
            {
                throw new RpcException(StatusCode.Unimplemented, "a unary or server-streaming method received more than one request message");
            }

            first = request;
        }

        return first ?? throw new RpcException(StatusCode.Unimplemented, "the request carried no message");
    }

    private static Task Finish(HttpContext http, int written, StatusCode status, string message)
    {
        var response = http.Response;
        var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (written == 0 && !response.HasStarted)
        {
            // Trailers-only: the status travels in the only HEADERS frame. Kestrel sends a bodiless
            // response's headers with END_STREAM, which is what clients require; flushing them
            // early (StartAsync) would not.
            response.Headers["grpc-status"] = code;
            if (message.Length > 0)
            {
                response.Headers["grpc-message"] = GrpcMessageEncoding.Encode(message);
            }

            return Task.CompletedTask;
        }

        response.AppendTrailer("grpc-status", code);
        if (message.Length > 0)
        {
            response.AppendTrailer("grpc-message", GrpcMessageEncoding.Encode(message));
        }

        return Task.CompletedTask;
    }
}
