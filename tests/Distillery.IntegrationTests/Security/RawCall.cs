using Grpc.Core;
using Grpc.Net.Client;

namespace Distillery.IntegrationTests.Security;

/// <summary>A gRPC call whose message is whatever bytes the test gives, as a broken or hostile client sends it; the status it ends with.</summary>
internal static class RawCall
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    public static async Task<(StatusCode Status, string Message)> UnaryAsync(Uri address, string method, byte[] message, string? token = null)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var names = method.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var raw = new Method<byte[], byte[]>(MethodType.Unary, names[0], names[1], Bytes, Bytes);
        var headers = token is null ? null : new Metadata { { "authorization", $"Bearer {token}" } };
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(headers), message);
            return (StatusCode.OK, "");
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }
}
