using Microsoft.AspNetCore.Http.Metadata;

namespace Distillery.Grpc.Server;

/// <summary>Endpoint metadata lifting Kestrel's request body limit for gRPC methods, whose messages are bounded one by one instead.</summary>
internal sealed class UnlimitedRequestBody : IRequestSizeLimitMetadata
{
    public static readonly UnlimitedRequestBody Instance = new();

    public long? MaxRequestBodySize => null;
}
