using Distillery.Domain.Tasks;

namespace Distillery.Contracts.Labeling;

/// <summary>
/// Command to the Labeling service: label these documents of a task (their texts are in the
/// corpus tables) with this teacher and codebook. <see cref="BatchId"/> is chosen by the
/// sender; a redelivered batch labels only what is missing and writes no duplicates.
/// </summary>
public sealed record LabelBatch(
    string JobId,
    string TaskId,
    Guid BatchId,
    Codebook Codebook,
    TeacherSpecification Teacher,
    IReadOnlyList<string> DocumentIds,
    ulong Seed)
{
    /// <summary>
    /// The task's name in its job. Teachers see it instead of <see cref="TaskId"/> (unique per
    /// job), so that the same job and seed submitted twice are labelled the same way.
    /// </summary>
    public string? TaskName { get; init; }

    /// <summary>
    /// For a <c>replay</c> teacher, the labels it replays for this batch's documents, by document
    /// id: the client uploaded them with the job, since the files are on its machine.
    /// </summary>
    public IReadOnlyDictionary<string, ReplayedLabel>? Replayed { get; init; }
}
