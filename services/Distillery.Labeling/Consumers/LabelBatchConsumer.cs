using System.Diagnostics;
using Distillery.Contracts.Labeling;
using Distillery.Domain.Specs;
using Distillery.Labeling.Persistence;
using Distillery.Labeling.Service;
using Distillery.Labeling.Teachers;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Distillery.Labeling.Consumers;

/// <summary>
/// Consumes <see cref="LabelBatch"/> (competing consumers: replicas share a task's pool).
/// Labels are written chunk by chunk with insert-if-absent on (task, document, teacher), and a
/// delivery first skips documents already labelled, so a batch redelivered after a crash
/// labels only what is missing and writes nothing twice. <see cref="BatchLabeled"/> is built
/// from the store, so every delivery publishes the same counts. A bad teacher setting or a
/// document missing from the corpus is answered with <see cref="BatchLabelingFailed"/>
/// because retrying cannot fix it; other faults go to the bus's retry and error queue. A batch
/// of a cancelled job (<see cref="CancelledJobs"/>) is dropped, before its first teacher call or
/// between two, with no reply: the Coordinator has stopped listening for one.
/// </summary>
public sealed class LabelBatchConsumer(
    TeacherRegistry teachers,
    IDocumentTexts texts,
    ILabelStore store,
    CancelledJobs cancelled,
    IOptions<LabelingOptions> options,
    LabelingTelemetry telemetry,
    ILogger<LabelBatchConsumer> logger) : IConsumer<LabelBatch>
{
    public async Task Consume(ConsumeContext<LabelBatch> context)
    {
        var batch = context.Message;
        var cancellationToken = context.CancellationToken;
        var clock = Stopwatch.StartNew();
        if (await cancelled.ContainsAsync(batch.JobId, cancellationToken))
        {
            logger.LogInformation("Batch {BatchId} of task {TaskId} dropped: job {JobId} was cancelled", batch.BatchId, batch.TaskId, batch.JobId);
            return;
        }

        var documents = await texts.GetAsync(batch.TaskId, batch.DocumentIds, cancellationToken);
        var missing = batch.DocumentIds.Where(id => !documents.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            await Fail(context, $"{missing.Count} document(s) of task '{batch.TaskId}' are not in the corpus: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}");
            return;
        }

        var codebook = batch.Codebook;
        ITeacher teacher;
        try
        {
            teacher = teachers.For(batch.Teacher, codebook, documents, batch.Seed, batch.Replayed);
        }
        catch (Exception e) when (e is SpecException or TeacherException)
        {
            await Fail(context, e.Message);
            return;
        }

        var done = (await store.GetAsync(batch.TaskId, teacher.Name, batch.DocumentIds, cancellationToken)).Select(label => label.DocumentId).ToHashSet(StringComparer.Ordinal);
        var todo = batch.DocumentIds.Where(id => !done.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        var labelled = 0;
        foreach (var chunk in todo.Chunk(options.Value.TeacherChunkSize))
        {
            if (labelled > 0 && await cancelled.ContainsAsync(batch.JobId, cancellationToken))
            {
                logger.LogInformation("Batch {BatchId} of task {TaskId} stopped after {Labelled} of {Todo} texts: job {JobId} was cancelled",
                    batch.BatchId, batch.TaskId, labelled, todo.Count, batch.JobId);
                return;
            }

            var request = new TeacherRequest(batch.TaskName ?? batch.TaskId, codebook, [.. chunk.Select(id => new TextToLabel(id, documents[id].Text))]);
            TeacherBatchResult result;
            try
            {
                result = await teacher.LabelAsync(request, cancellationToken);
            }
            catch (TeacherException e)
            {
                await Fail(context, e.Message);
                return;
            }

            telemetry.Record(batch.TaskId, result, teacher.Name);
            await store.AddAsync([.. result.Labels.Select(label => new StoredLabel(
                batch.TaskId, label.Id, teacher.Name, label.Label, label.Probabilities, label.RawAnswer,
                result.Provenance?.Model, result.Provenance?.PromptVersion, label.PromptTokens, label.CompletionTokens,
                label.Cached, label.CostUsd, batch.BatchId))], cancellationToken);
            labelled += chunk.Length;
        }

        var stored = await store.GetAsync(batch.TaskId, teacher.Name, batch.DocumentIds, cancellationToken);
        telemetry.BatchDuration.Record(clock.Elapsed.TotalSeconds);
        logger.LogInformation("Batch {BatchId} of task {TaskId}: {Labelled} of {Documents} labelled by {Teacher} ({New} new)",
            batch.BatchId, batch.TaskId, stored.Count(label => label.Label is not null), stored.Count, teacher.Name, todo.Count);
        var provenance = stored.FirstOrDefault(label => label.PromptVersion is not null);
        await context.Publish(new BatchLabeled(
            batch.JobId,
            batch.TaskId,
            batch.BatchId,
            teacher.Name,
            provenance?.Model,
            provenance?.PromptVersion,
            stored.Count,
            stored.Count(label => label.Label is not null),
            stored.Count(label => label.Label is null),
            stored.Count(label => label.Cached),
            stored.Sum(label => (long)label.PromptTokens),
            stored.Sum(label => (long)label.CompletionTokens),
            stored.All(label => label.CostUsd is not null) ? stored.Sum(label => label.CostUsd!.Value) : null)
        {
            Labels = [.. stored.Select(label => new TeacherLabelRecord(
                label.DocumentId, label.Label, label.Probabilities, label.PromptTokens, label.CompletionTokens, label.Cached, label.CostUsd, label.Model, label.PromptVersion))],
        }, cancellationToken);
    }

    private async Task Fail(ConsumeContext<LabelBatch> context, string reason)
    {
        var batch = context.Message;
        logger.LogWarning("Cannot label batch {BatchId} of task {TaskId}: {Reason}", batch.BatchId, batch.TaskId, reason);
        await context.Publish(new BatchLabelingFailed(batch.JobId, batch.TaskId, batch.BatchId, reason), context.CancellationToken);
    }
}
