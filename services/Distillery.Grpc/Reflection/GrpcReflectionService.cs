using Distillery.Grpc.Server;
using Grpc.Reflection.V1Alpha;

namespace Distillery.Grpc.Reflection;

/// <summary>
/// <c>grpc.reflection.v1alpha.ServerReflection</c>: lets grpcurl-style tools list the services a
/// host serves and fetch their .proto definitions (each file with its imports) to call them
/// without the .proto files. Each request on the stream gets one response, in order; a request
/// that cannot be answered gets an error response and the stream carries on.
/// </summary>
public sealed class GrpcReflectionService(GrpcServiceRegistry registry)
{
    public async Task ServerReflectionInfo(
        IAsyncEnumerable<ServerReflectionRequest> requests, IServerStreamWriter<ServerReflectionResponse> responses, ServerCallContext context)
    {
        // Once per stream: every service is mapped before the host starts serving.
        var index = new ReflectionIndex(registry.Services);
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            await responses.WriteAsync(Answer(index, request), context.CancellationToken);
        }
    }

    private static ServerReflectionResponse Answer(ReflectionIndex index, ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                response.ListServicesResponse = new ListServiceResponse { Service = { index.ServiceNames.Select(name => new ServiceResponse { Name = name }) } };
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                Describe(response, index.FileByName(request.FileByFilename), $"file '{request.FileByFilename}'");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                Describe(response, index.FileContainingSymbol(request.FileContainingSymbol), $"symbol '{request.FileContainingSymbol}'");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType when index.IsMessage(request.AllExtensionNumbersOfType):
                // proto3 declares no extensions: a known message type simply has none.
                response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                Fail(response, StatusCode.NotFound, $"type '{request.AllExtensionNumbersOfType}' not found");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                Fail(response, StatusCode.NotFound, $"no extension {request.FileContainingExtension.ExtensionNumber} of '{request.FileContainingExtension.ContainingType}'");
                break;
            default:
                Fail(response, StatusCode.InvalidArgument, "the request asks for nothing");
                break;
        }

        return response;
    }

    private static void Describe(ServerReflectionResponse response, Google.Protobuf.Reflection.FileDescriptor? file, string what)
    {
        if (file is null)
        {
            Fail(response, StatusCode.NotFound, $"{what} not found");
            return;
        }

        response.FileDescriptorResponse = new FileDescriptorResponse { FileDescriptorProto = { ReflectionIndex.WithDependencies(file) } };
    }

    private static void Fail(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
