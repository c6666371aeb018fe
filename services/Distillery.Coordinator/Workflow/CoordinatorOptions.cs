using System.ComponentModel.DataAnnotations;

namespace Distillery.Coordinator.Workflow;

/// <summary><c>Distillery:Coordinator</c>.</summary>
public sealed class CoordinatorOptions
{
    public const string Section = "Distillery:Coordinator";

    /// <summary>Documents per LabelBatch: the unit Labeling replicas share and a crash can repeat.</summary>
    [Range(1, 10_000)]
    public int LabelBatchSize { get; set; } = 50;

    /// <summary>Tasks of one job running at once.</summary>
    [Range(1, 1_000)]
    public int MaxActiveTasksPerJob { get; set; } = 14;

    /// <summary>Tasks of all jobs running at once.</summary>
    [Range(1, 10_000)]
    public int MaxActiveTasks { get; set; } = 28;

    /// <summary>How often the outbox is drained when idle.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long documents uploaded for a Submit that never came are kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan UploadRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a label batch may go unanswered, while its task finishes no other work, before the
    /// watchdog sends it again. Long enough for a queue's worth of batches ahead of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LabelingReplyTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The same for a student: fine-tuning an encoder on a CPU takes a while.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan TrainingReplyTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The same for a task's evaluation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan EvaluationReplyTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sends of unanswered work after the first; when they are spent too, its task fails with the reason.</summary>
    [Range(0, 100)]
    public int MaxResends { get; set; } = 3;

    /// <summary>How often the watchdog looks for unanswered work.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often tasks are counted by state for the <c>distillery_tasks</c> gauge.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan TaskCountInterval { get; set; } = TimeSpan.FromSeconds(5);
}
