using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc.Client;
using Google.Protobuf.Reflection;

namespace Distillery.Grpc.Clients;

/// <summary><c>distillery.v1.Inference</c>: GGUF models served by the Inference service.</summary>
public sealed class InferenceClient(GrpcChannel channel) : GrpcClient(channel, Descriptor)
{
    public static ServiceDescriptor Descriptor { get; } = InferenceReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Inference");

    public Task<ClassifyResponse> ClassifyAsync(ClassifyRequest request, CallOptions? options = null) =>
        UnaryAsync<ClassifyRequest, ClassifyResponse>("Classify", request, options);

    /// <summary>The answer in pieces as the model produces them; the last has <c>done</c> set.</summary>
    public IAsyncEnumerable<GenerateChunk> GenerateAsync(GenerateRequest request, CallOptions? options = null) =>
        ServerStreamingAsync<GenerateRequest, GenerateChunk>("Generate", request, options);

    public Task<EmbedResponse> EmbedAsync(EmbedRequest request, CallOptions? options = null) =>
        UnaryAsync<EmbedRequest, EmbedResponse>("Embed", request, options);

    public Task<ListModelsResponse> ListModelsAsync(ListModelsRequest request, CallOptions? options = null) =>
        UnaryAsync<ListModelsRequest, ListModelsResponse>("ListModels", request, options);
}
