using Distillery.Contracts.Coordinator;
using Distillery.Labeling.Persistence;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Distillery.Labeling.Consumers;

/// <summary>
/// Consumes <see cref="JobCancelled"/>: records the job as cancelled, so that every replica's
/// <see cref="LabelBatchConsumer"/> drops the job's batches still queued and stops those in
/// flight before their next teacher call. Idempotent (insert if absent).
/// </summary>
public sealed class CancelLabelingConsumer(CancelledJobs cancelled, ILogger<CancelLabelingConsumer> logger) : IConsumer<JobCancelled>
{
    public async Task Consume(ConsumeContext<JobCancelled> context)
    {
        await cancelled.AddAsync(context.Message.JobId, context.CancellationToken);
        logger.LogInformation("Job {JobId} was cancelled: its batches stop before their next teacher call", context.Message.JobId);
    }
}
