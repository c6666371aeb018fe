using System.Diagnostics;
using Distillery.Labeling.Teachers.OpenAi;

namespace Distillery.UnitTests.Labeling;

public sealed class RequestRateLimiterTests
{
    [Fact]
    public async Task Requests_beyond_the_burst_wait_for_the_per_minute_rate()
    {
        // 600 requests/min: a burst of 60, then 10 per second.
        using var limiter = new RequestRateLimiter(requestsPerMinute: 600, tokensPerMinute: null);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 60; i++)
        {
            await limiter.WaitAsync(10, CancellationToken.None);
        }

        var burst = clock.Elapsed;
        for (var i = 0; i < 15; i++)
        {
            await limiter.WaitAsync(10, CancellationToken.None);
        }

        Assert.True(burst < TimeSpan.FromSeconds(0.5), $"the burst took {burst.TotalSeconds:0.00} s");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"15 requests past the burst took only {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_request_larger_than_the_token_bucket_waits_for_a_full_bucket_instead_of_failing()
    {
        using var limiter = new RequestRateLimiter(requestsPerMinute: null, tokensPerMinute: 600);

        await limiter.WaitAsync(100_000, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        await limiter.WaitAsync(60, CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"a second full bucket came after {clock.Elapsed.TotalSeconds:0.00} s");
    }
}
