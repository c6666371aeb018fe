namespace Distillery.Contracts.Evaluation;

/// <summary>Event: a task cannot be evaluated (a student model or test documents missing); the reason names what.</summary>
public sealed record TaskEvaluationFailed(string JobId, string TaskId, Guid EvaluationId, string Reason);
