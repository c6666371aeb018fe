using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Distillery.Grpc.Server;

/// <summary>The full name (<c>distillery.v1.Jobs</c>) of the gRPC service a class implements, read from its generated base.</summary>
internal static class GrpcServiceName
{
    public static string? Of(Type implementation)
    {
        for (var type = implementation; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>() is { } bind &&
                bind.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is ServiceDescriptor descriptor)
            {
                return descriptor.FullName;
            }
        }

        return null;
    }
}
