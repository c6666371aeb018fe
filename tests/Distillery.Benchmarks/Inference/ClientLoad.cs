using System.Diagnostics;

namespace Distillery.Benchmarks.Inference;

/// <summary>Concurrent clients working through a list of items, each taking the next one until none is left.</summary>
internal static class ClientLoad
{
    /// <summary>Runs <paramref name="work"/> on items 0 to <paramref name="items"/> − 1 with <paramref name="clients"/> clients; returns the wall time.</summary>
    public static async Task<TimeSpan> RunAsync(int clients, int items, Func<int, Task> work)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var item = Interlocked.Increment(ref next); item < items; item = Interlocked.Increment(ref next))
            {
                await work(item);
            }
        }));
        return clock.Elapsed;
    }
}
