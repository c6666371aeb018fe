using System.Collections.Concurrent;
using Distillery.Contracts.Training;
using MassTransit;

namespace Distillery.Cli.Local;

/// <summary>
/// Awaits the Training service's answer (trained or failed) to each TrainStudent command, by
/// model id, and hands its progress events to whoever follows that model meanwhile.
/// </summary>
internal sealed class StudentOutcomes
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<object>> _pending = new();
    private readonly ConcurrentDictionary<Guid, Action<StudentTrainingProgressed>> _followers = new();

    public Task<object> For(Guid modelId) => Completion(modelId).Task;

    /// <summary>Calls <paramref name="onProgress"/> with the model's progress events until the result is disposed.</summary>
    public IDisposable Follow(Guid modelId, Action<StudentTrainingProgressed> onProgress)
    {
        _followers[modelId] = onProgress;
        return new Unfollow(() => _followers.TryRemove(modelId, out _));
    }

    public void Progressed(StudentTrainingProgressed progressed)
    {
        if (_followers.TryGetValue(progressed.ModelId, out var onProgress))
        {
            onProgress(progressed);
        }
    }

    public void Complete(Guid modelId, object outcome) => Completion(modelId).TrySetResult(outcome);

    private TaskCompletionSource<object> Completion(Guid modelId) =>
        _pending.GetOrAdd(modelId, _ => new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Unfollow(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}

internal sealed class StudentOutcomeConsumer(StudentOutcomes outcomes) : IConsumer<StudentTrained>, IConsumer<StudentTrainingFailed>, IConsumer<StudentTrainingProgressed>
{
    public Task Consume(ConsumeContext<StudentTrainingProgressed> context)
    {
        outcomes.Progressed(context.Message);
        return Task.CompletedTask;
    }

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
