using System.Threading.RateLimiting;

namespace Distillery.Labeling.Teachers.OpenAi;

/// <summary>
/// Keeps a teacher under its provider's limits in requests and tokens per minute, so that it is
/// throttled here rather than by 429 answers. Both are token buckets refilled continuously; a
/// bucket holds a tenth of a minute's allowance, so a burst lasts seconds, not a minute.
/// </summary>
internal sealed class RequestRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter? _requests;
    private readonly TokenBucketRateLimiter? _tokens;
    private readonly int _tokenBucketSize;

    public RequestRateLimiter(int? requestsPerMinute, int? tokensPerMinute)
    {
        _requests = requestsPerMinute is { } rpm ? PerMinute(rpm) : null;
        _tokens = tokensPerMinute is { } tpm ? PerMinute(tpm) : null;
        _tokenBucketSize = tokensPerMinute is { } size ? BucketSize(size) : 0;
    }

    /// <summary>Waits until one request of about <paramref name="tokens"/> tokens may go.</summary>
    public async ValueTask WaitAsync(int tokens, CancellationToken cancellationToken)
    {
        if (_requests is not null)
        {
            using var lease = await _requests.AcquireAsync(1, cancellationToken);
        }

        if (_tokens is not null)
        {
            // A request larger than the bucket waits for a full bucket rather than failing.
            using var lease = await _tokens.AcquireAsync(Math.Clamp(tokens, 1, _tokenBucketSize), cancellationToken);
        }
    }

    public void Dispose()
    {
        _requests?.Dispose();
        _tokens?.Dispose();
    }

    private static int BucketSize(int perMinute) => Math.Max(1, perMinute / 10);

    private static TokenBucketRateLimiter PerMinute(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        // Refill every second when the allowance allows it, else one permit at a time.
        var everySecond = perMinute >= 60;
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = BucketSize(perMinute),
            TokensPerPeriod = everySecond ? perMinute / 60 : 1,
            ReplenishmentPeriod = everySecond ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
