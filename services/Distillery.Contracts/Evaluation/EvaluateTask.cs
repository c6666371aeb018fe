namespace Distillery.Contracts.Evaluation;

/// <summary>
/// Command to the Evaluation service: score these arms of a task on its held-out test
/// documents (texts and human labels are in the corpus tables). <see cref="EvaluationId"/> is
/// chosen by the sender; a redelivered command scores again and publishes the same result,
/// because predictions and bootstrap resamples are deterministic.
/// </summary>
public sealed record EvaluateTask(
    string JobId,
    string TaskId,
    Guid EvaluationId,
    IReadOnlyList<string> Labels,
    string? PositiveLabel,
    IReadOnlyList<string> TestDocumentIds,
    IReadOnlyList<ArmToEvaluate> Arms,
    int BootstrapResamples,
    double ConfidenceLevel,
    ulong Seed);

/// <summary>
/// One arm: a student (by <see cref="ModelId"/>, predicted through the Students API) or a
/// teacher (by <see cref="Teacher"/>, whose stored labels of the test documents are scored).
/// </summary>
public sealed record ArmToEvaluate(string Arm, string Name, Guid? ModelId, string? Teacher, int TrainingItems, double TrainingSeconds);
