using MassTransit;

namespace Distillery.IntegrationTests.Messaging;

public sealed record FlakyWork(Guid Id);

public sealed record PoisonWork(Guid Id);

public sealed record SlowlyRecoveringWork(Guid Id, int FailuresBeforeSuccess);

/// <summary>Fails on its first attempt only, like a consumer whose database blinked.</summary>
public sealed class FlakyWorkConsumer(AttemptLog log) : IConsumer<FlakyWork>
{
    public Task Consume(ConsumeContext<FlakyWork> context)
    {
        var attempt = log.Attempt(context.Message.Id);
        if (attempt == 1)
        {
            throw new TimeoutException("transient fault on the first attempt");
        }

        log.Succeeded(context.Message.Id, attempt, context.GetRedeliveryCount());
        return Task.CompletedTask;
    }
}

/// <summary>Always fails: the message is poison and must end in the error queue with its reason.</summary>
public sealed class PoisonWorkConsumer(AttemptLog log) : IConsumer<PoisonWork>
{
    public const string Reason = "document 17 has no text";

    public Task Consume(ConsumeContext<PoisonWork> context)
    {
        log.Attempt(context.Message.Id);
        throw new InvalidDataException(Reason);
    }
}

/// <summary>Fails a given number of times, more than in-memory retries cover, then succeeds.</summary>
public sealed class SlowlyRecoveringWorkConsumer(AttemptLog log) : IConsumer<SlowlyRecoveringWork>
{
    public Task Consume(ConsumeContext<SlowlyRecoveringWork> context)
    {
        var attempt = log.Attempt(context.Message.Id);
        if (attempt <= context.Message.FailuresBeforeSuccess)
        {
            throw new TimeoutException($"still failing on attempt {attempt}");
        }

        log.Succeeded(context.Message.Id, attempt, context.GetRedeliveryCount());
        return Task.CompletedTask;
    }
}
