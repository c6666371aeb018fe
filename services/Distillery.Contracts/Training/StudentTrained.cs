namespace Distillery.Contracts.Training;

/// <summary>
/// Event: a student exists for <see cref="ModelId"/>. <see cref="Reused"/> is true when it was
/// already stored (a redelivered command), so a consumer can tell a retrain from a replay.
/// </summary>
public sealed record StudentTrained(
    Guid ModelId,
    string JobId,
    string TaskId,
    string Arm,
    string StudentName,
    string Kind,
    int TrainingItems,
    double TrainingSeconds,
    double? CrossValidatedScore,
    bool Reused);
