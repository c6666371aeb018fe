using System.Linq.Expressions;
using System.Reflection;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace Distillery.Grpc.Server;

/// <summary>
/// Binds a service implementation to the methods its generated descriptor declares. A method
/// the .proto declares but the class does not implement, with the right shape, stops the host
/// at start-up with the method and the expected signature named. Handler shapes:
/// <list type="bullet">
/// <item>unary: <c>Task&lt;Res&gt; M(Req, ServerCallContext)</c></item>
/// <item>server streaming: <c>Task M(Req, IServerStreamWriter&lt;Res&gt;, ServerCallContext)</c></item>
/// <item>client streaming: <c>Task&lt;Res&gt; M(IAsyncEnumerable&lt;Req&gt;, ServerCallContext)</c></item>
/// <item>bidirectional: <c>Task M(IAsyncEnumerable&lt;Req&gt;, IServerStreamWriter&lt;Res&gt;, ServerCallContext)</c></item>
/// </list>
/// </summary>
public static class GrpcServiceMapping
{
    public static IEndpointRouteBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service)
        where TService : class
    {
        foreach (var method in service.Methods)
        {
            var handler = Bind(typeof(TService), method);
            endpoints.MapPost($"/{service.FullName}/{method.Name}", handler);
        }

        ((GrpcServiceRegistry?)endpoints.ServiceProvider.GetService(typeof(GrpcServiceRegistry)))?.Add(service);
        return endpoints;
    }

    private static RequestDelegate Bind(Type serviceType, MethodDescriptor method)
    {
        var request = method.InputType.ClrType;
        var response = method.OutputType.ClrType;
        var streamIn = typeof(IAsyncEnumerable<>).MakeGenericType(request);
        var streamOut = typeof(IServerStreamWriter<>).MakeGenericType(response);
        var replyTask = typeof(Task<>).MakeGenericType(response);
        var (parameters, returns) = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => (new[] { request, typeof(ServerCallContext) }, replyTask),
            (false, true) => (new[] { request, streamOut, typeof(ServerCallContext) }, typeof(Task)),
            (true, false) => (new[] { streamIn, typeof(ServerCallContext) }, replyTask),
            (true, true) => (new[] { streamIn, streamOut, typeof(ServerCallContext) }, typeof(Task)),
        };

        var implementation = serviceType.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters);
        if (implementation is null || implementation.ReturnType != returns)
        {
            throw new InvalidOperationException(
                $"gRPC method /{method.Service.FullName}/{method.Name} (declared in {method.File.Name}) has no handler on {serviceType.Name}: " +
                $"expected public {Name(returns)} {method.Name}({string.Join(", ", parameters.Select(Name))})");
        }

        var delegateType = Expression.GetFuncType([serviceType, .. parameters, returns]);
        var call = Delegate.CreateDelegate(delegateType, null, implementation);
        var handlerType = typeof(MethodHandler<,,>).MakeGenericType(serviceType, request, response);
        var handler = Activator.CreateInstance(handlerType, method, call)!;
        return (RequestDelegate)Delegate.CreateDelegate(typeof(RequestDelegate), handler, handlerType.GetMethod(nameof(MethodHandler<object, Empty, Empty>.HandleAsync))!);
    }

    private static string Name(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>" : type.Name;
}
