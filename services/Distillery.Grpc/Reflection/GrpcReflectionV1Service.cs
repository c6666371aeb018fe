using Distillery.Grpc.Server;
using Google.Protobuf;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Distillery.Grpc.Reflection;

/// <summary>
/// <c>grpc.reflection.v1.ServerReflection</c>, the protocol's stable name. Its messages are
/// v1alpha's on the wire, field for field, so each request is re-read as its v1alpha twin and
/// answered by <see cref="GrpcReflectionService"/>: one implementation for both names.
/// </summary>
public sealed class GrpcReflectionV1Service(GrpcReflectionService reflection)
{
    public Task ServerReflectionInfo(
        IAsyncEnumerable<V1.ServerReflectionRequest> requests, IServerStreamWriter<V1.ServerReflectionResponse> responses, ServerCallContext context) =>
        reflection.ServerReflectionInfo(
            requests.Select(request => V1Alpha.ServerReflectionRequest.Parser.ParseFrom(request.ToByteString())),
            new AsV1(responses),
            context);

    private sealed class AsV1(IServerStreamWriter<V1.ServerReflectionResponse> responses) : IServerStreamWriter<V1Alpha.ServerReflectionResponse>
    {
        public Task WriteAsync(V1Alpha.ServerReflectionResponse message, CancellationToken cancellationToken = default) =>
            responses.WriteAsync(V1.ServerReflectionResponse.Parser.ParseFrom(message.ToByteString()), cancellationToken);
    }
}
