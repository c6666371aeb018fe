using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Distillery.Grpc.Server;

/// <summary>Writes response messages as frames, flushing each so a stream reaches the client as it is produced.</summary>
internal sealed class ServerStreamWriter<T>(HttpResponse response, int maxSendMessageSize) : IServerStreamWriter<T>, IDisposable
    where T : IMessage<T>
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public int Written { get; private set; }

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        var bytes = message.ToByteArray();
        if (bytes.Length > maxSendMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"response message larger than max ({bytes.Length} vs. {maxSendMessageSize})");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await GrpcFrames.WriteAsync(response.BodyWriter, bytes, cancellationToken);
            await response.BodyWriter.FlushAsync(cancellationToken);
            Written++;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
