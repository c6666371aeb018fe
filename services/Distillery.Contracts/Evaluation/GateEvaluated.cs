namespace Distillery.Contracts.Evaluation;

/// <summary>
/// Event: the gate of a task is decided. <see cref="GateJson"/> is the report's gate section
/// (agreement, disagreements, every mode compared); the chosen candidate labels the rest of the
/// task if <see cref="Passed"/>. A gate that cannot be decided is a <see cref="TaskEvaluationFailed"/>
/// with the gate's id.
/// </summary>
public sealed record GateEvaluated(string JobId, string TaskId, Guid GateId, bool Passed, string? ChosenMode, string ChosenTeacher, string GateJson);
