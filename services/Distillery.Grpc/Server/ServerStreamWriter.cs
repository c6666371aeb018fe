using Distillery.Grpc.Wire;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Distillery.Grpc.Server;

/// <summary>
/// Writes response messages as frames straight into Kestrel's response pipe, flushing each so a
/// stream reaches the client as it is produced (flushing also waits while the client is slow to
/// read: back-pressure instead of buffering the stream in memory).
/// </summary>
internal sealed class ServerStreamWriter<T>(HttpResponse response, int maxSendMessageSize, int compressFrom) : IServerStreamWriter<T>, IDisposable
    where T : IMessage<T>
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public int Written { get; private set; }

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            GrpcFrames.Write(response.BodyWriter, message, maxSendMessageSize, compressFrom);
            Written++;
            await response.BodyWriter.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
