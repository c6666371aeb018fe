using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Distillery.Grpc.Client;

/// <summary>
/// The base of a typed client for one service. Calls name a method of the service's generated
/// descriptor, and are checked against it: a method the .proto does not declare, or declares
/// with other message types or another call shape, fails at once, naming the method, so the
/// .proto stays the one source of truth.
/// </summary>
public abstract class GrpcClient(GrpcChannel channel, ServiceDescriptor service)
{
    public ServiceDescriptor Service => service;

    protected Task<TResponse> UnaryAsync<TRequest, TResponse>(string method, TRequest request, CallOptions? options)
        where TRequest : IMessage
        where TResponse : IMessage<TResponse>, new() =>
        channel.UnaryAsync<TResponse>(Path<TRequest, TResponse>(method, clientStreaming: false, serverStreaming: false), request, options);

    protected IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(string method, TRequest request, CallOptions? options)
        where TRequest : IMessage
        where TResponse : IMessage<TResponse>, new() =>
        channel.ServerStreamingAsync<TResponse>(Path<TRequest, TResponse>(method, clientStreaming: false, serverStreaming: true), request, options);

    protected Task<TResponse> ClientStreamingAsync<TRequest, TResponse>(string method, IAsyncEnumerable<TRequest> requests, CallOptions? options)
        where TRequest : IMessage
        where TResponse : IMessage<TResponse>, new() =>
        channel.ClientStreamingAsync<TRequest, TResponse>(Path<TRequest, TResponse>(method, clientStreaming: true, serverStreaming: false), requests, options);

    protected IAsyncEnumerable<TResponse> DuplexStreamingAsync<TRequest, TResponse>(string method, IAsyncEnumerable<TRequest> requests, CallOptions? options)
        where TRequest : IMessage
        where TResponse : IMessage<TResponse>, new() =>
        channel.DuplexStreamingAsync<TRequest, TResponse>(Path<TRequest, TResponse>(method, clientStreaming: true, serverStreaming: true), requests, options);

    private string Path<TRequest, TResponse>(string name, bool clientStreaming, bool serverStreaming)
    {
        var method = service.FindMethodByName(name)
            ?? throw new InvalidOperationException($"{service.FullName} declares no method {name} (in {service.File.Name})");
        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse) ||
            method.IsClientStreaming != clientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new InvalidOperationException(
                $"/{service.FullName}/{name} is declared as ({(method.IsClientStreaming ? "stream " : string.Empty)}{method.InputType.Name}) returns " +
                $"({(method.IsServerStreaming ? "stream " : string.Empty)}{method.OutputType.Name}), not as called");
        }

        return $"/{service.FullName}/{name}";
    }
}
