using Distillery.Contracts.Training;
using Distillery.Training.Service;
using Distillery.Training.Students;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Distillery.Training.Consumers;

/// <summary>
/// Consumes <see cref="TrainStudent"/> (competing consumers: more replicas train more students
/// at once) and publishes <see cref="StudentTrained"/>. Data or settings a student cannot use
/// are answered with <see cref="StudentTrainingFailed"/> rather than retried, because retrying
/// will not fix them; any other fault is left to the bus's retry and error-queue policy. While a
/// student trains, its progress is published as <see cref="StudentTrainingProgressed"/>, at most
/// once per <see cref="ProgressInterval"/>.
/// </summary>
public sealed class TrainStudentConsumer(StudentTrainer trainer, ILogger<TrainStudentConsumer> logger) : IConsumer<TrainStudent>
{
    /// <summary>The least time between two progress events of one student.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public async Task Consume(ConsumeContext<TrainStudent> context)
    {
        var command = context.Message;
        try
        {
            StudentTrained trained;
            await using (var progress = new ThrottledProgress(
                (step, cancellationToken) => context.Publish(new StudentTrainingProgressed(
                    command.ModelId, command.JobId, command.TaskId, command.Arm, command.Student.Name,
                    step.Activity, step.Done, step.Total, DateTimeOffset.UtcNow), cancellationToken),
                ProgressInterval,
                logger))
            {
                trained = await trainer.TrainAsync(command, context.CancellationToken, progress);
            }

            await context.Publish(trained);
        }
        catch (StudentTrainingException e)
        {
            logger.LogWarning("Cannot train model {ModelId} for task {TaskId} ({Arm}): {Reason}", command.ModelId, command.TaskId, command.Arm, e.Message);
            await context.Publish(new StudentTrainingFailed(command.ModelId, command.JobId, command.TaskId, command.Arm, e.Message));
        }
    }
}
