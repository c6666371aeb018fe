namespace Distillery.Contracts.Training;

/// <summary>Event: the student could not be trained for a reason retrying will not fix (bad data or settings); the reason names the task.</summary>
public sealed record StudentTrainingFailed(Guid ModelId, string JobId, string TaskId, string Arm, string Reason);
