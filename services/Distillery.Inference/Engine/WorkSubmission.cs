namespace Distillery.Inference.Engine;

/// <summary>Submits a call's works and awaits them as one: the first to fail cancels the rest, so a doomed call stops taking slots.</summary>
internal static class WorkSubmission
{
    public static void SubmitAll(this ModelEngine engine, IReadOnlyCollection<SequenceWork> works)
    {
        try
        {
            engine.Submit(works);
        }
        catch (Exception e)
        {
            // Never queued: end them here, which releases what they hold (a grammar sampler).
            foreach (var work in works)
            {
                work.Fail(e);
                work.Publish();
            }

            throw;
        }
    }

    public static async Task<T[]> AllOrNothing<T>(IReadOnlyList<Task<T>> results, CancellationTokenSource call)
    {
        foreach (var result in results)
        {
            _ = result.ContinueWith(
                static (_, state) => CancelQuietly((CancellationTokenSource)state!),
                call,
                CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return await Task.WhenAll(results);
    }

    private static void CancelQuietly(CancellationTokenSource call)
    {
        try
        {
            call.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call already ended: nothing left to cancel.
        }
    }
}
