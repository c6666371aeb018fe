using System.IO.Pipelines;
using System.Net;
using Distillery.Grpc.Wire;
using Google.Protobuf;

namespace Distillery.Grpc.Client;

/// <summary>
/// A request body that frames messages as the caller produces them, flushing each: the request
/// half of client-streaming and bidirectional calls. Over HTTP/2 it is written while responses
/// are read, so a bidirectional call can answer each request before the next is produced.
/// Ending the call (<paramref name="call"/>) stops the enumeration.
/// </summary>
internal sealed class RequestStreamContent<TRequest>(IAsyncEnumerable<TRequest> requests, CancellationToken call) : HttpContent
    where TRequest : IMessage
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(call, cancellationToken);
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        await foreach (var request in requests.WithCancellation(linked.Token))
        {
            GrpcFrames.Write(writer, request, int.MaxValue);
            await writer.FlushAsync(linked.Token);
        }

        await writer.CompleteAsync();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
