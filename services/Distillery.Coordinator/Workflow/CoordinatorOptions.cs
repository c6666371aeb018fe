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

    /// <summary>How often tasks are counted by state for the <c>distillery_tasks</c> gauge.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan TaskCountInterval { get; set; } = TimeSpan.FromSeconds(5);
}
