namespace Distillery.Training.Persistence;

/// <summary>A trained student as stored: who it is for, how it was trained, and its model file bytes.</summary>
public sealed record StoredStudent(
    Guid ModelId,
    string JobId,
    string TaskId,
    string Arm,
    string StudentName,
    string Kind,
    int TrainingItems,
    double TrainingSeconds,
    double? CrossValidatedScore,
    byte[] ModelBytes);
