using System.Diagnostics;
using Distillery.Grpc.Wire;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Server;

/// <summary>
/// Serves one method of one service over the gRPC wire protocol: checks the request is gRPC,
/// turns <c>grpc-timeout</c> into cancellation, continues the caller's trace, reads and writes
/// frames (gzip both ways when agreed), runs the interceptors, and ends the call with
/// <c>grpc-status</c>, a percent-encoded <c>grpc-message</c> and any rich details: in trailers, or
/// in the headers alone (trailers-only) when the call fails before any response message.
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

        var compressFrom = options.CompressResponsesFrom(http.Request.Headers.GrpcAcceptEncoding);
        http.Response.ContentType = "application/grpc";
        http.Response.Headers.GrpcAcceptEncoding = "identity,gzip";
        if (compressFrom != int.MaxValue)
        {
            http.Response.Headers.GrpcEncoding = "gzip";
        }

        using var deadline = GrpcTimeout.TryParse(http.Request.Headers.GrpcTimeout, out var timeout)
            ? new CancellationTokenSource(timeout)
            : new CancellationTokenSource();
        using var call = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, http.RequestAborted);
        using var activity = GrpcServerActivity.Start(http, method);
        var context = new ServerCallContext(http, _path, timeout == default ? null : DateTime.UtcNow + timeout, call.Token);
        using var writer = new ServerStreamWriter<TResponse>(http.Response, options.MaxSendMessageSize, compressFrom);
        // gRPC bounds each message (MaxReceiveMessageSize, RESOURCE_EXHAUSTED beyond it), not the
        // body: a stream may carry any number of messages, and Kestrel's own body limit would end
        // a large call with an error no gRPC client understands.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        var requests = GrpcFrames.ReadAsync(http.Request.BodyReader, Parser, options.MaxReceiveMessageSize, http.Request.Headers.GrpcEncoding, StatusCode.InvalidArgument, call.Token);

        var status = GrpcCallStatus.Ok;
        var interceptors = http.RequestServices.GetServices<IGrpcInterceptor>().ToList();
        var started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var interceptor in interceptors)
            {
                await interceptor.BeforeAsync(context);
            }

            await Invoke(http.RequestServices.GetRequiredService<TService>(), requests, writer, context);
        }
        catch (Exception e)
        {
            var logger = http.RequestServices.GetRequiredService<ILogger<MethodHandler<TService, TRequest, TResponse>>>();
            status = GrpcExceptionMapping.ToStatus(e, deadline.IsCancellationRequested, http.RequestAborted.IsCancellationRequested, logger, _path);
        }

        GrpcServerActivity.Stop(activity, status.Code);
        foreach (var interceptor in interceptors)
        {
            interceptor.After(context, status.Code, Stopwatch.GetElapsedTime(started));
        }

        if (status.Code != StatusCode.Cancelled || !http.RequestAborted.IsCancellationRequested)
        {
            Finish(http.Response, writer.Written, status);
        }
    }

    private async Task Invoke(TService service, IAsyncEnumerable<TRequest> requests, ServerStreamWriter<TResponse> writer, ServerCallContext context)
    {
        switch (handler)
        {
            case Func<TService, TRequest, ServerCallContext, Task<TResponse>> unary:
                await writer.WriteAsync(await unary(service, await Single(requests), context), context.CancellationToken);
                break;
            case Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> serverStreaming:
                await serverStreaming(service, await Single(requests), writer, context);
                break;
            case Func<TService, IAsyncEnumerable<TRequest>, ServerCallContext, Task<TResponse>> clientStreaming:
                await writer.WriteAsync(await clientStreaming(service, requests, context), context.CancellationToken);
                break;
            case Func<TService, IAsyncEnumerable<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> duplex:
                await duplex(service, requests, writer, context);
                break;
            default:
                throw new InvalidOperationException($"no call shape for {_path}");
        }
    }

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

    private static void Finish(HttpResponse response, int written, GrpcCallStatus status)
    {
        // Trailers-only: the status travels in the only HEADERS frame. Kestrel sends a bodiless
        // response's headers with END_STREAM, which is what clients require; flushing them
        // early (StartAsync) would not.
        var trailersOnly = written == 0 && !response.HasStarted;
        void Add(string name, string value)
        {
            if (trailersOnly)
            {
                response.Headers[name] = value;
            }
            else
            {
                response.AppendTrailer(name, value);
            }
        }

        Add("grpc-status", ((int)status.Code).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (status.Message.Length > 0)
        {
            Add("grpc-message", GrpcMessageEncoding.Encode(status.Message));
        }

        if (status.Details is not null)
        {
            Add(StatusDetails.Header, StatusDetails.Encode(status.Details));
        }
    }
}
