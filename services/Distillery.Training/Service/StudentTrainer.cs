using System.Diagnostics;
using Distillery.Contracts.Training;
using Distillery.Training.Data;
using Distillery.Training.Persistence;
using Distillery.Training.Students;
using Microsoft.Extensions.Logging;

namespace Distillery.Training.Service;

/// <summary>
/// Carries out a <see cref="TrainStudent"/> command: reads the training items' texts and
/// labels, trains the student, stores it under the command's model id. A model id that is
/// already stored is answered from the store without training, so a redelivered command never
/// trains twice and never yields two different models for one id.
/// </summary>
public sealed class StudentTrainer(
    ITrainingDataSource data,
    IStudentModelStore store,
    StudentFactory factory,
    TrainingTelemetry telemetry,
    ILogger<StudentTrainer> logger)
{
    /// <summary>Trains and stores the command's student; <paramref name="progress"/> hears how far a long fit is (embedding, fine-tuning).</summary>
    public async Task<StudentTrained> TrainAsync(TrainStudent command, CancellationToken cancellationToken, IProgress<StudentProgress>? progress = null)
    {
        if (await store.FindAsync(command.ModelId, cancellationToken) is { } existing)
        {
            logger.LogInformation("Model {ModelId} for task {TaskId} ({Arm}) already stored; not training again", command.ModelId, command.TaskId, command.Arm);
            return Event(existing, reused: true);
        }

        using var activity = TrainingTelemetry.Activities.StartActivity("train-student");
        activity?.SetTag("distillery.task", command.TaskId);
        activity?.SetTag("distillery.arm", command.Arm);
        var recipe = factory.Create(command.Student);
        var examples = await data.GetAsync(command.TaskId, command.TrainingItemIds, command.LabelSource, command.Labels, cancellationToken);
        var set = TrainingSetOf(command, recipe, examples);

        var clock = Stopwatch.StartNew();
        var fitted = await recipe.Student.FitAsync(set, command.Seed, progress, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        byte[] bytes;
        try
        {
            bytes = StudentModelFile.Serialize(fitted.Model);
        }
        finally
        {
            // Only its bytes are kept: a fine-tuned network's native memory is freed now, not by the finaliser.
            (fitted.Model as IDisposable)?.Dispose();
        }

        var stored = new StoredStudent(
            command.ModelId, command.JobId, command.TaskId, command.Arm, command.Student.Name, recipe.Student.Kind,
            set.Count, seconds, fitted.CrossValidatedScore, bytes);

        if (!await store.TryAddAsync(stored, cancellationToken))
        {
            // Another replica stored this id first (a redelivery raced us): keep the first model.
            return Event((await store.FindAsync(command.ModelId, cancellationToken))!, reused: true);
        }

        telemetry.StudentsTrained.Add(1, new KeyValuePair<string, object?>("kind", recipe.Student.Kind));
        telemetry.TrainingExamples.Add(set.Count);
        telemetry.TrainingDuration.Record(seconds, new KeyValuePair<string, object?>("kind", recipe.Student.Kind));
        logger.LogInformation(
            "Trained {Kind} student {ModelId} for task {TaskId} ({Arm}) on {Examples} examples in {Seconds:0.00} s",
            recipe.Student.Kind, command.ModelId, command.TaskId, command.Arm, set.Count, seconds);
        return Event(stored, reused: false);
    }

    private static TrainingSet TrainingSetOf(TrainStudent command, StudentRecipe recipe, TrainingExamples examples)
    {
        var task = command.TaskId;
        var needsProbabilities = recipe.SoftLabels || recipe.MinConfidence is not null;
        if (needsProbabilities && examples.Probabilities is null)
        {
            throw new StudentTrainingException(
                $"task '{task}': student '{command.Student.Name}' uses soft_labels or min_confidence, but '{command.LabelSource}' gave no probabilities");
        }

        // Confidence filtering keeps the items whose most probable label is at least the threshold.
        var kept = Enumerable.Range(0, examples.Texts.Count)
            .Where(i => recipe.MinConfidence is not { } threshold || examples.Probabilities![i].Max() >= threshold)
            .ToList();
        if (kept.Count == 0)
        {
            throw new StudentTrainingException($"task '{task}': no training item reaches min_confidence {recipe.MinConfidence}");
        }

        var texts = kept.Select(i => examples.Texts[i]).ToList();
        return recipe.SoftLabels
            ? TrainingSet.FromSoftLabels(task, texts, [.. kept.Select(i => examples.Probabilities![i])], examples.Labels)
            : TrainingSet.FromHardLabels(task, texts, [.. kept.Select(i => examples.HardLabels[i])], examples.Labels);
    }

    private static StudentTrained Event(StoredStudent stored, bool reused) => new(
        stored.ModelId, stored.JobId, stored.TaskId, stored.Arm, stored.StudentName, stored.Kind,
        stored.TrainingItems, stored.TrainingSeconds, stored.CrossValidatedScore, reused);
}
