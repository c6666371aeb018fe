using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Client;

/// <summary>The one connection pool every client registered with AddGrpcClient calls through, disposed with the container.</summary>
internal sealed class SharedGrpcHandler(IOptions<GrpcChannelOptions> options) : IDisposable
{
    public SocketsHttpHandler Handler { get; } = GrpcHttpHandler.Create(options.Value);

    public void Dispose() => Handler.Dispose();
}
