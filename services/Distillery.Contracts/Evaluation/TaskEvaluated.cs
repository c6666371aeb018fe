namespace Distillery.Contracts.Evaluation;

/// <summary>
/// Event: a task's arms scored. The arm reports and comparisons travel as the report's own JSON
/// (schema <c>distillery.report/v1</c>) so that the Coordinator stores exactly what a local run would write.
/// </summary>
public sealed record TaskEvaluated(string JobId, string TaskId, Guid EvaluationId, string ArmsJson, string ComparisonsJson);
