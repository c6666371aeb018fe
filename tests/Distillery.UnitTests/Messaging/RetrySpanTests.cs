using Distillery.ServiceDefaults.Messaging;
using MassTransit;
using MassTransit.RetryPolicies;

namespace Distillery.UnitTests.Messaging;

public sealed class RetrySpanTests
{
    /// <summary>
    /// Stock RabbitMQ has no delayed redelivery, so the in-memory retries are what carries a
    /// message over an outage: by default they must last longer than the 2 minutes a job survives.
    /// </summary>
    [Fact]
    public void The_default_retries_outlast_a_two_minute_outage()
    {
        var options = new BusOptions();
        var policy = Assert.IsType<ExponentialRetryPolicy>(
            Retry.Exponential(options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryIntervalDelta));

        var span = Enumerable.Range(0, options.RetryLimit).Select(policy.GetRetryInterval).Aggregate(TimeSpan.Zero, (sum, interval) => sum + interval);

        Assert.InRange(span, TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(5));
    }
}
