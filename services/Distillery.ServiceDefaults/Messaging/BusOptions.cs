using System.ComponentModel.DataAnnotations;

namespace Distillery.ServiceDefaults.Messaging;

/// <summary>
/// <c>Distillery:Bus</c>: the transport and the fault policy every endpoint gets. A message
/// whose consumer keeps failing is retried in memory with exponential back-off, then (where
/// the transport can delay) redelivered later, then moved to the endpoint's <c>_error</c>
/// queue with the exception recorded in its headers: never dropped.
/// </summary>
public sealed class BusOptions : IValidatableObject
{
    public const string Section = "Distillery:Bus";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required(AllowEmptyStrings = false)]
    public string VirtualHost { get; set; } = "/";

    [Required(AllowEmptyStrings = false)]
    public string Username { get; set; } = "guest";

    /// <summary>From a Kubernetes Secret or the environment (<c>Distillery__Bus__Password</c>); never logged.</summary>
    public string Password { get; set; } = "guest";

    /// <summary>Messages fetched ahead per consumer endpoint.</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 16;

    /// <summary>
    /// In-memory retries before the message is redelivered or faulted; 0 disables them. On the
    /// stock RabbitMQ broker (no delayed-exchange plugin) these are the only redelivery, so the
    /// default's back-off (0.7 s doubling to 30 s, 12 times: about 3.5 minutes) outlasts a
    /// 2-minute outage of PostgreSQL. What outlasts them waits in the <c>_error</c> queue, and the
    /// Coordinator's watchdog sends the work again or fails its task with the reason.
    /// </summary>
    [Range(0, 50)]
    public int RetryLimit { get; set; } = 12;

    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryIntervalDelta { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Delays of the later redeliveries, after the in-memory retries are spent; empty disables
    /// them. RabbitMQ needs the <c>rabbitmq_delayed_message_exchange</c> plugin for this (see
    /// <see cref="DelayedExchange"/>); the in-memory transport delays natively.
    /// </summary>
    public IList<TimeSpan> RedeliveryIntervals { get; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>The RabbitMQ broker has the delayed-message-exchange plugin enabled.</summary>
    public bool DelayedExchange { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMinInterval < TimeSpan.Zero)
        {
            yield return new ValidationResult("must not be negative", [nameof(RetryMinInterval)]);
        }

        if (RetryMaxInterval < RetryMinInterval)
        {
            yield return new ValidationResult(
                $"must be at least RetryMinInterval ({RetryMinInterval})", [nameof(RetryMaxInterval)]);
        }

        if (RetryIntervalDelta < TimeSpan.Zero)
        {
            yield return new ValidationResult("must not be negative", [nameof(RetryIntervalDelta)]);
        }

        if (RedeliveryIntervals.Any(interval => interval <= TimeSpan.Zero))
        {
            yield return new ValidationResult("every interval must be positive", [nameof(RedeliveryIntervals)]);
        }
    }

    /// <summary>Whether this transport can delay a redelivery.</summary>
    internal bool CanRedeliver => RedeliveryIntervals.Count > 0 && (Transport == BusTransport.InMemory || DelayedExchange);
}
