using Distillery.Grpc;
using Distillery.Inference.Engine;
using Distillery.Inference.Models;
using Grpc.Core;

namespace Distillery.Inference.Grpc;

/// <summary>
/// The service's failures as gRPC statuses: an unknown model is NOT_FOUND, one not loaded
/// UNAVAILABLE (clients retry it), a full queue or KV cache RESOURCE_EXHAUSTED, a model without a
/// chat template FAILED_PRECONDITION, a bad argument INVALID_ARGUMENT with its field named.
/// </summary>
internal static class InferenceErrors
{
    public static async Task<T> Map<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (StatusOf(e) is { } status)
        {
            throw Status(status, e);
        }
    }

    public static async Task Map(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (StatusOf(e) is { } status)
        {
            throw Status(status, e);
        }
    }

    private static RpcException Status(StatusCode status, Exception error) =>
        status == StatusCode.InvalidArgument ? InvalidArgument.FromMessage(error.Message) : new RpcException(new Status(status, error.Message));

    private static StatusCode? StatusOf(Exception error) => error switch
    {
        ModelNotFoundException => StatusCode.NotFound,
        ModelNotLoadedException => StatusCode.Unavailable,
        InferenceOverloadedException => StatusCode.ResourceExhausted,
        NoChatTemplateException => StatusCode.FailedPrecondition,
        ArgumentException => StatusCode.InvalidArgument,
        _ => null,
    };
}
