using Distillery.Contracts.Evaluation;
using Distillery.Contracts.Labeling;
using Distillery.Contracts.Training;
using MassTransit;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// The other services' events, handed to the <see cref="JobWorkflow"/>. Each handler is
/// idempotent there (work is marked done once, transitions check the state they expect), so
/// redelivery after a crash of this process or the broker is harmless.
/// </summary>
public sealed class WorkflowEventsConsumer(JobWorkflow workflow) :
    IConsumer<BatchLabeled>,
    IConsumer<BatchLabelingFailed>,
    IConsumer<StudentTrained>,
    IConsumer<StudentTrainingFailed>,
    IConsumer<StudentTrainingProgressed>,
    IConsumer<GateEvaluated>,
    IConsumer<TaskEvaluated>,
    IConsumer<TaskEvaluationFailed>
{
    public Task Consume(ConsumeContext<BatchLabeled> context) => workflow.OnBatchLabeledAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<BatchLabelingFailed> context) =>
        workflow.OnWorkFailedAsync(context.Message.BatchId, $"labelling failed: {context.Message.Reason}", context.CancellationToken);

    public Task Consume(ConsumeContext<StudentTrained> context) => workflow.OnStudentTrainedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<StudentTrainingFailed> context) =>
        workflow.OnWorkFailedAsync(context.Message.ModelId, $"training {context.Message.Arm} failed: {context.Message.Reason}", context.CancellationToken);

    public Task Consume(ConsumeContext<StudentTrainingProgressed> context) => workflow.OnStudentProgressedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<GateEvaluated> context) => workflow.OnGateEvaluatedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<TaskEvaluated> context) => workflow.OnTaskEvaluatedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<TaskEvaluationFailed> context) =>
        workflow.OnWorkFailedAsync(context.Message.EvaluationId, $"evaluation failed: {context.Message.Reason}", context.CancellationToken);
}
