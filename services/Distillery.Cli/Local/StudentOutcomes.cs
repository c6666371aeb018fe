using System.Collections.Concurrent;
using Distillery.Contracts.Training;
using MassTransit;

namespace Distillery.Cli.Local;

/// <summary>Awaits the Training service's answer (trained or failed) to each TrainStudent command, by model id.</summary>
internal sealed class StudentOutcomes
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<object>> _pending = new();

    public Task<object> For(Guid modelId) => Completion(modelId).Task;

    public void Complete(Guid modelId, object outcome) => Completion(modelId).TrySetResult(outcome);

    private TaskCompletionSource<object> Completion(Guid modelId) =>
        _pending.GetOrAdd(modelId, _ => new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously));
}

internal sealed class StudentOutcomeConsumer(StudentOutcomes outcomes) : IConsumer<StudentTrained>, IConsumer<StudentTrainingFailed>
{
    public Task Consume(ConsumeContext<StudentTrained> context)
    {
        outcomes.Complete(context.Message.ModelId, context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<StudentTrainingFailed> context)
    {
        outcomes.Complete(context.Message.ModelId, context.Message);
        return Task.CompletedTask;
    }
}
