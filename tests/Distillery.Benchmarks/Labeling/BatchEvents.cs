using System.Collections.Concurrent;
using Distillery.Contracts.Labeling;
using MassTransit;

namespace Distillery.Benchmarks.Labeling;

/// <summary>The Labeling service's answers as the benchmark's bus receives them: BatchLabeled or BatchLabelingFailed per batch.</summary>
internal sealed class BatchEvents
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<BatchLabeled>> _batches = new();

    /// <summary>Completes when every batch is labelled; fails on the first batch that cannot be.</summary>
    public Task AllLabeledAsync(IEnumerable<LabelBatch> batches) => Task.WhenAll(batches.Select(batch => For(batch.BatchId).Task));

    /// <summary>The answers to <paramref name="batches"/> (once labelled).</summary>
    public IReadOnlyList<BatchLabeled> Of(IEnumerable<LabelBatch> batches) => [.. batches.Select(batch => For(batch.BatchId).Task.Result)];

    public void Labeled(BatchLabeled labeled) => For(labeled.BatchId).TrySetResult(labeled);

    public void Failed(BatchLabelingFailed failed) =>
        For(failed.BatchId).TrySetException(new InvalidOperationException($"batch {failed.BatchId} of task {failed.TaskId} failed: {failed.Reason}"));

    private TaskCompletionSource<BatchLabeled> For(Guid batchId) =>
        _batches.GetOrAdd(batchId, _ => new TaskCompletionSource<BatchLabeled>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Hands the Labeling service's events to <see cref="BatchEvents"/>.</summary>
internal sealed class BatchEventsConsumer(BatchEvents events) : IConsumer<BatchLabeled>, IConsumer<BatchLabelingFailed>
{
    public Task Consume(ConsumeContext<BatchLabeled> context)
    {
        events.Labeled(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<BatchLabelingFailed> context)
    {
        events.Failed(context.Message);
        return Task.CompletedTask;
    }
}
