namespace Distillery.Contracts.Evaluation;

/// <summary>
/// Command to the Evaluation service: decide a task's validation gate. Each candidate is the
/// teacher in one labelling mode (one candidate unless the modes are compared) with its labels
/// of the validation documents (their texts and human labels are in the corpus tables); the
/// gate keeps the candidate that agrees best with the humans and passes it if that agreement
/// reaches <see cref="Threshold"/>. <see cref="GateId"/> is the sender's; a redelivered
/// command decides the same way.
/// </summary>
public sealed record EvaluateGate(
    string JobId,
    string TaskId,
    Guid GateId,
    IReadOnlyList<string> Labels,
    string? PositiveLabel,
    IReadOnlyList<string> ValidationDocumentIds,
    IReadOnlyList<GateCandidate> Candidates,
    string Metric,
    double Threshold);

/// <summary>The teacher in one labelling mode (null: its only one), by the name its labels are stored under, with its label of each validation document (null: it abstained).</summary>
public sealed record GateCandidate(string? Mode, string Teacher, IReadOnlyDictionary<string, string?> Labels);
