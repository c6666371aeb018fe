using System.Collections.Concurrent;
using Distillery.Contracts.Training;
using MassTransit;

namespace Distillery.IntegrationTests.Training;

/// <summary>Every Training event seen on the bus, by model id, awaitable.</summary>
public sealed class StudentEvents
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<object>> _events = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _signals = new();

    public void Add(Guid modelId, object message)
    {
        _events.GetOrAdd(modelId, _ => new()).Enqueue(message);
        _signals.GetOrAdd(modelId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        _signals[modelId] = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public IReadOnlyList<object> Of(Guid modelId) => [.. _events.GetValueOrDefault(modelId) ?? new()];

    /// <summary>Waits until at least <paramref name="count"/> events for the model have arrived.</summary>
    public async Task<IReadOnlyList<object>> WaitFor(Guid modelId, int count, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (Of(modelId).Count < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{count} events for model {modelId} did not arrive within {deadline.TotalSeconds:0} s; got {Of(modelId).Count}");
            }

            await Task.Delay(50);
        }

        return Of(modelId);
    }
}

public sealed class StudentEventsConsumer(StudentEvents events) : IConsumer<StudentTrained>, IConsumer<StudentTrainingFailed>, IConsumer<StudentTrainingProgressed>
{
    public Task Consume(ConsumeContext<StudentTrainingProgressed> context)
    {
        events.Add(context.Message.ModelId, context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<StudentTrained> context)
    {
        events.Add(context.Message.ModelId, context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<StudentTrainingFailed> context)
    {
        events.Add(context.Message.ModelId, context.Message);
        return Task.CompletedTask;
    }
}
