using System.Text.Json;
using Distillery.Contracts.Evaluation;
using Distillery.Domain.Jobs;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Gate;
using Distillery.Evaluation.Reports;
using Distillery.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Distillery.Evaluation.Service;

/// <summary>
/// Consumes <see cref="EvaluateGate"/>: scores each candidate's labels of the validation
/// documents against the humans' with <see cref="TeacherModeSelection"/> (the same code a local
/// run calls) and publishes <see cref="GateEvaluated"/>. Deterministic, so a redelivered command
/// publishes the same decision.
/// </summary>
public sealed class EvaluateGateConsumer(CorpusStore corpus, ILogger<EvaluateGateConsumer> logger) : IConsumer<EvaluateGate>
{
    public async Task Consume(ConsumeContext<EvaluateGate> context)
    {
        var command = context.Message;
        var documents = await corpus.GetAsync(command.TaskId, command.ValidationDocumentIds, context.CancellationToken);
        var missing = command.ValidationDocumentIds.Where(id => documents.GetValueOrDefault(id)?.HumanLabel is null).ToList();
        if (missing.Count > 0 || command.Candidates.Count == 0)
        {
            var reason = command.Candidates.Count == 0
                ? "the gate has no candidate teacher to decide on"
                : $"{missing.Count} validation document(s) of task '{command.TaskId}' are missing or have no human label: {string.Join(", ", missing.Take(5))}";
            logger.LogWarning("Cannot decide the gate of task {TaskId}: {Reason}", command.TaskId, reason);
            await context.Publish(new TaskEvaluationFailed(command.JobId, command.TaskId, command.GateId, reason), context.CancellationToken);
            return;
        }

        var (gate, chosen) = TeacherModeSelection.Choose(
            [.. command.ValidationDocumentIds.Select(id => (id, documents[id].Text, documents[id].HumanLabel!))],
            [.. command.Candidates.Select(candidate => new CandidateAnswers(
                candidate.Mode, candidate.Teacher, [.. command.ValidationDocumentIds.Select(id => candidate.Labels.GetValueOrDefault(id))]))],
            new LabelSet(command.Labels),
            command.PositiveLabel,
            new GateSpec(command.Metric, command.Threshold));
        logger.LogInformation("Task {TaskId}: gate {Outcome} with {Teacher}", command.TaskId, gate.Passed ? "passed" : "failed", chosen.Teacher);
        await context.Publish(
            new GateEvaluated(command.JobId, command.TaskId, command.GateId, gate.Passed, chosen.Mode, chosen.Teacher, JsonSerializer.Serialize(gate, JsonReportWriter.Options)),
            context.CancellationToken);
    }
}
