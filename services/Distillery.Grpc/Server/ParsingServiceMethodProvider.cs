using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Distillery.Grpc.Server;

/// <summary>
/// Binds a service's methods as grpc-dotnet's own binder does (the generated <c>BindService</c>
/// names them; the service class implements them), with one difference: a request message that
/// cannot be parsed ends the call with INVALID_ARGUMENT (<see cref="UnparsableRequest"/>), as
/// Distillery documents, instead of the UNKNOWN grpc-dotnet gives any deserializer failure.
/// </summary>
internal sealed class ParsingServiceMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true) is not { } bind)
        {
            return;
        }

        var bindService = bind.BindType
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(method => method.Name == bind.BindMethodName && method.GetParameters() is [{ ParameterType: var binder }, _] && binder == typeof(ServiceBinderBase));
        bindService.Invoke(null, [new Binder(context), null]);
    }

    /// <summary>Receives each method from the generated <c>BindService</c> and adds it to grpc-dotnet's model with the service's implementation.</summary>
    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(UnparsableRequest.Checked(method), Metadata(method.Name, out var implementation), Bind<UnaryServerMethod<TService, TRequest, TResponse>>(implementation));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(UnparsableRequest.Checked(method), Metadata(method.Name, out var implementation), Bind<ClientStreamingServerMethod<TService, TRequest, TResponse>>(implementation));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(UnparsableRequest.Checked(method), Metadata(method.Name, out var implementation), Bind<ServerStreamingServerMethod<TService, TRequest, TResponse>>(implementation));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(UnparsableRequest.Checked(method), Metadata(method.Name, out var implementation), Bind<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(implementation));

        /// <summary>The service's method (its override, or the generated base's UNIMPLEMENTED one) and its attributes and its class's, as endpoint metadata.</summary>
        private static List<object> Metadata(string name, out MethodInfo implementation)
        {
            implementation = typeof(TService).GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(method => method.Name == name && method.IsVirtual)
                .OrderByDescending(method => method.DeclaringType == typeof(TService))
                .First();
            return [.. typeof(TService).GetCustomAttributes(inherit: true), .. implementation.GetCustomAttributes(inherit: true)];
        }

        private static TDelegate Bind<TDelegate>(MethodInfo implementation)
            where TDelegate : Delegate =>
            (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), implementation);
    }
}
