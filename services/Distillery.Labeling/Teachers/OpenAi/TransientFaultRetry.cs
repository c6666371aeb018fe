using System.ClientModel;
using System.Globalization;

namespace Distillery.Labeling.Teachers.OpenAi;

/// <summary>
/// Retries a call to an API when the fault is the provider's, not ours: 429 (throttled), 5xx,
/// and failures to reach it at all. The provider's <c>Retry-After</c> (seconds or an HTTP date)
/// is honoured; without it the wait doubles from half a second with jitter, up to 30 seconds.
/// Any other status (400, 401, 404) fails at once, because repeating it cannot help.
/// </summary>
internal sealed class TransientFaultRetry(int maxRetries, TimeProvider clock, Action<int, TimeSpan>? onRetry = null)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (ClientResultException fault) when (IsTransient(fault.Status) && attempt < maxRetries && !cancellationToken.IsCancellationRequested)
            {
                var delay = RetryAfter(fault) ?? Backoff(attempt, Random.Shared.NextDouble());
                onRetry?.Invoke(fault.Status, delay);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    internal static bool IsTransient(int status) => status is 0 or 408 or 429 or >= 500;

    private static TimeSpan Backoff(int attempt, double jitter) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 500 * Math.Pow(2, attempt) * (0.5 + jitter)));

    private TimeSpan? RetryAfter(ClientResultException fault)
    {
        if (fault.GetRawResponse() is not { } response || !response.Headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelay.TotalSeconds));
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxDelay ? MaxDelay : wait;
        }

        return null;
    }
}
