namespace Distillery.Contracts.Training;

/// <summary>
/// Command to the Training service: train one student for one arm of a task on the given
/// training items, with labels from <see cref="LabelSource"/> (<c>human</c>, or the teacher's
/// name, whose labels come in <see cref="Labels"/>). <see cref="ModelId"/> is chosen by the sender and makes the command idempotent: a
/// redelivered command for a model that exists is answered without training again.
/// </summary>
public sealed record TrainStudent(
    Guid ModelId,
    string JobId,
    string TaskId,
    string Arm,
    StudentSpecification Student,
    IReadOnlyList<string> TrainingItemIds,
    string LabelSource,
    ulong Seed)
{
    /// <summary>
    /// For a teacher's <see cref="LabelSource"/>, its label of every training item: the labels
    /// travel with the command (the Labeling service's tables are its own). Human labels are
    /// the corpus's, so they stay null.
    /// </summary>
    public IReadOnlyDictionary<string, TrainingLabel>? Labels { get; init; }
}
