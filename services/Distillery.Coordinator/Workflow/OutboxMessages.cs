using System.Text.Json;
using Distillery.Contracts.Coordinator;
using Distillery.Contracts.Evaluation;
using Distillery.Contracts.Labeling;
using Distillery.Contracts.Training;
using MassTransit;

namespace Distillery.Coordinator.Workflow;

/// <summary>The messages the Coordinator sends through its outbox, by stored type name.</summary>
internal static class OutboxMessages
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task PublishAsync(IPublishEndpoint bus, string type, string body, CancellationToken cancellationToken) => type switch
    {
        nameof(LabelBatch) => bus.Publish(Read<LabelBatch>(body), cancellationToken),
        nameof(TrainStudent) => bus.Publish(Read<TrainStudent>(body), cancellationToken),
        nameof(EvaluateGate) => bus.Publish(Read<EvaluateGate>(body), cancellationToken),
        nameof(EvaluateTask) => bus.Publish(Read<EvaluateTask>(body), cancellationToken),
        nameof(JobCancelled) => bus.Publish(Read<JobCancelled>(body), cancellationToken),
        _ => throw new InvalidOperationException($"unknown outbox message type '{type}'"),
    };

    private static T Read<T>(string body) => JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidOperationException($"empty {typeof(T).Name} in the outbox");
}
