using Grpc.Core;

namespace Distillery.IntegrationTests.Inference;

/// <summary>Our gRPC client ends a call its caller cancelled with CANCELLED.</summary>
internal static class Cancelled
{
    public static async Task By(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }
}
