namespace Distillery.Inference.Engine;

/// <summary>Ends a work's awaited result with its failure: a cancellation as a cancelled task, anything else as a faulted one.</summary>
internal static class WorkResults
{
    public static void TrySetFailure<T>(this TaskCompletionSource<T> result, Exception error)
    {
        if (error is OperationCanceledException canceled)
        {
            result.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            result.TrySetException(error);
        }
    }
}
