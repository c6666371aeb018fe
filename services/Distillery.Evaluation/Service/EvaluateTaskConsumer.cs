using System.Diagnostics;
using System.Text.Json;
using Distillery.Contracts.Evaluation;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Metrics;
using Distillery.Evaluation.Reports;
using Distillery.Storage;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Distillery.Evaluation.Service;

/// <summary>
/// Consumes <see cref="EvaluateTask"/>: predicts the test documents with each student (Students
/// API), takes each teacher's labels of them from the command, scores every arm with bootstrap intervals,
/// compares the arm pairs the summary uses, and publishes <see cref="TaskEvaluated"/>. Scoring
/// is deterministic (seeded resamples), so a redelivered command publishes the same result.
/// </summary>
public sealed class EvaluateTaskConsumer(CorpusStore corpus, IStudentPredictions students, ILogger<EvaluateTaskConsumer> logger)
    : IConsumer<EvaluateTask>
{
    public async Task Consume(ConsumeContext<EvaluateTask> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;
        var documents = await corpus.GetAsync(command.TaskId, command.TestDocumentIds, cancellationToken);
        var missing = command.TestDocumentIds.Where(id => documents.GetValueOrDefault(id)?.HumanLabel is null).ToList();
        if (missing.Count > 0)
        {
            await Fail(context, $"{missing.Count} test document(s) of task '{command.TaskId}' are missing or have no human label: {string.Join(", ", missing.Take(5))}");
            return;
        }

        var labels = new LabelSet(command.Labels);
        var truth = command.TestDocumentIds.Select(id => documents[id].HumanLabel!).ToList();
        var texts = command.TestDocumentIds.Select(id => (id, documents[id].Text)).ToList();
        var scorer = new ArmScorer(new BootstrapSettings(command.BootstrapResamples, command.ConfidenceLevel, command.Seed));
        var arms = new List<ArmReport>();
        var predictions = new Dictionary<string, ArmPredictions>(StringComparer.Ordinal);
        foreach (var arm in command.Arms)
        {
            var clock = Stopwatch.StartNew();
            IReadOnlyList<string?> predicted;
            long promptTokens = 0, completionTokens = 0;
            decimal? cost = null;
            if (arm.ModelId is { } modelId)
            {
                try
                {
                    predicted = await students.PredictAsync(modelId, texts, cancellationToken);
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
                {
                    await Fail(context, $"arm {arm.Arm}: {e.Status.Detail}");
                    return;
                }
            }
            else
            {
                // A test document the teacher never labelled is scored like an abstention: wrong, and visible in the counts.
                var teacherLabels = arm.TeacherLabels ?? new Dictionary<string, string?>();
                predicted = [.. command.TestDocumentIds.Select(id => teacherLabels.GetValueOrDefault(id))];
                (promptTokens, completionTokens, cost) = (arm.PromptTokens, arm.CompletionTokens, arm.CostUsd);
            }

            var armPredictions = new ArmPredictions(truth, predicted, labels, command.PositiveLabel);
            predictions[arm.Arm] = armPredictions;
            arms.Add(scorer.Score(arm.Arm, arm.Name, armPredictions,
                new ArmCosts(arm.TrainingItems, new Timing(arm.TrainingSeconds), new Timing(arm.ModelId is null ? 0 : clock.Elapsed.TotalSeconds), promptTokens, completionTokens, cost)));
        }

        var comparisons = ArmPairs.Among(predictions.Keys)
            .Select(pair => scorer.Compare(pair.ArmA, predictions[pair.ArmA], pair.ArmB, predictions[pair.ArmB]))
            .ToList();
        logger.LogInformation("Task {TaskId}: {Arms} arms evaluated on {Items} test documents", command.TaskId, arms.Count, truth.Count);
        await context.Publish(new TaskEvaluated(
            command.JobId,
            command.TaskId,
            command.EvaluationId,
            JsonSerializer.Serialize(arms, JsonReportWriter.Options),
            JsonSerializer.Serialize(comparisons, JsonReportWriter.Options)), cancellationToken);
    }

    private async Task Fail(ConsumeContext<EvaluateTask> context, string reason)
    {
        var command = context.Message;
        logger.LogWarning("Cannot evaluate task {TaskId}: {Reason}", command.TaskId, reason);
        await context.Publish(new TaskEvaluationFailed(command.JobId, command.TaskId, command.EvaluationId, reason), context.CancellationToken);
    }
}
