using System.Threading.Channels;
using Distillery.Training.Students;
using Microsoft.Extensions.Logging;

namespace Distillery.Training.Service;

/// <summary>
/// Passes a student's progress on at most once per <paramref name="interval"/>, from its own
/// loop: <see cref="Report"/> only keeps the latest value (cheap enough to call every batch on
/// the fitting thread) and wakes the loop, which sends the latest unsent one at once (so the
/// first report is seen without delay) and then rests for the interval. Progress is
/// informational, so a send that fails is logged and training goes on. Disposing stops the loop
/// and sends the latest report not yet sent, so a fit quicker than the loop (every vector in the
/// embedding cache, say) still shows where it ended.
/// </summary>
public sealed class ThrottledProgress : IProgress<StudentProgress>, IAsyncDisposable
{
    private readonly Func<StudentProgress, CancellationToken, Task> _send;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Task _loop;
    private StudentProgress? _latest;

    public ThrottledProgress(Func<StudentProgress, CancellationToken, Task> send, TimeSpan interval, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _send = send;
        _logger = logger;
        _loop = LoopAsync(interval);
    }

    public void Report(StudentProgress value)
    {
        Volatile.Write(ref _latest, value);
        _wake.Writer.TryWrite(true);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        if (Interlocked.Exchange(ref _latest, null) is { } last)
        {
            try
            {
                await _send(last, CancellationToken.None);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not send training progress ({Activity} {Done}/{Total})", last.Activity, last.Done, last.Total);
            }
        }
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(_stop.Token))
            {
                _wake.Reader.TryRead(out _);
                if (Interlocked.Exchange(ref _latest, null) is not { } progress)
                {
                    continue;
                }

                try
                {
                    await _send(progress, _stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Could not send training progress ({Activity} {Done}/{Total})", progress.Activity, progress.Done, progress.Total);
                }

                await Task.Delay(interval, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the fit is over.
        }
    }
}
