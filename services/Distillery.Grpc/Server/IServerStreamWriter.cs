namespace Distillery.Grpc.Server;

/// <summary>Where a server-streaming or bidirectional handler writes its responses, one frame each.</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
