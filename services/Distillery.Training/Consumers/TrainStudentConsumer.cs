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
/// will not fix them; any other fault is left to the bus's retry and error-queue policy.
/// </summary>
public sealed class TrainStudentConsumer(StudentTrainer trainer, ILogger<TrainStudentConsumer> logger) : IConsumer<TrainStudent>
{
    public async Task Consume(ConsumeContext<TrainStudent> context)
    {
        var command = context.Message;
        try
        {
            await context.Publish(await trainer.TrainAsync(command, context.CancellationToken));
        }
        catch (StudentTrainingException e)
        {
            logger.LogWarning("Cannot train model {ModelId} for task {TaskId} ({Arm}): {Reason}", command.ModelId, command.TaskId, command.Arm, e.Message);
            await context.Publish(new StudentTrainingFailed(command.ModelId, command.JobId, command.TaskId, command.Arm, e.Message));
        }
    }
}
