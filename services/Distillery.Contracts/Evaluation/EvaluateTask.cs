namespace Distillery.Contracts.Evaluation;

/// <summary>
/// Command to the Evaluation service: score these arms of a task on its held-out test
/// documents (texts and human labels are in the corpus tables, the teachers' labels on the arms). <see cref="EvaluationId"/> is
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
/// teacher (by <see cref="Teacher"/>), whose labels of the test documents come in
/// <see cref="TeacherLabels"/> (a document without one is scored as an abstention) with what
/// labelling them cost.
/// </summary>
public sealed record ArmToEvaluate(string Arm, string Name, Guid? ModelId, string? Teacher, int TrainingItems, double TrainingSeconds)
{
    /// <summary>A teacher arm's label of each test document it labelled (null: it abstained).</summary>
    public IReadOnlyDictionary<string, string?>? TeacherLabels { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    /// <summary>Null when a label had no price.</summary>
    public decimal? CostUsd { get; init; }
}
