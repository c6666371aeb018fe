using Google.Protobuf;
using Grpc.Core;

namespace Distillery.Grpc.Server;

/// <summary>A method whose request deserializer reports a malformed message as INVALID_ARGUMENT, the caller's fault, rather than a server failure.</summary>
internal static class UnparsableRequest
{
    public static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var requests = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return parse(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"cannot parse the request message: {e.Message}"));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }
}
