using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc.Client;
using Google.Protobuf.Reflection;

namespace Distillery.Grpc.Clients;

/// <summary><c>distillery.v1.Students</c>: predictions of trained student models (the Training service).</summary>
public sealed class StudentsClient(GrpcChannel channel) : GrpcClient(channel, Descriptor)
{
    public static ServiceDescriptor Descriptor { get; } = StudentsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Students");

    public Task<PredictResponse> PredictAsync(PredictRequest request, CallOptions? options = null) =>
        UnaryAsync<PredictRequest, PredictResponse>("Predict", request, options);

    /// <summary>A corpus classified as it streams: one response per request, in order, while later requests are still being sent.</summary>
    public IAsyncEnumerable<PredictResponse> PredictStreamAsync(IAsyncEnumerable<PredictRequest> requests, CallOptions? options = null) =>
        DuplexStreamingAsync<PredictRequest, PredictResponse>("PredictStream", requests, options);
}
