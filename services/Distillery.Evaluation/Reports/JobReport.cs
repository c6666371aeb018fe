namespace Distillery.Evaluation.Reports;

/// <summary>
/// Everything a researcher reads about a job, from which report.json, report.md and
/// report.html are all rendered. Versioned: <see cref="SchemaVersion"/> changes when a field's
/// meaning changes. Timings live in <see cref="Timing"/> fields only, so two runs of the same
/// job and seed differ in nothing else.
/// </summary>
public sealed record JobReport(
    string SchemaVersion,
    string Job,
    ulong Seed,
    TeacherDescription Teacher,
    TeacherDescription? SecondTeacher,
    IReadOnlyList<string> Students,
    IReadOnlyList<TaskReport> Tasks,
    JobSummary Summary,
    IReadOnlyList<AblationCurve> Ablations)
{
    public const string CurrentSchema = "distillery.report/v1";
}

/// <summary>Who labelled: its kind, its truthful name, and whether it is a language model at all.</summary>
public sealed record TeacherDescription(string Name, string Kind, bool IsLanguageModel, string Description);

/// <summary>How a task ended.</summary>
public enum TaskOutcome
{
    Completed,
    GateFailed,
    Failed,
}

/// <summary>One task's results: its splits, the validation gate, each arm on the test split, and comparisons between arms.</summary>
public sealed record TaskReport(
    string Task,
    string? Description,
    TaskOutcome Outcome,
    string? Failure,
    IReadOnlyList<string> Labels,
    string? PositiveLabel,
    SplitSizes Splits,
    GateReport Gate,
    IReadOnlyList<ArmReport> Arms,
    IReadOnlyList<ArmComparisonReport> Comparisons,
    TeacherUsage TeacherUsage);

public sealed record SplitSizes(int Validation, int TrainingPool, int Test);

/// <summary>
/// Step 1: the teacher against humans on the validation split. Below <see cref="Threshold"/>
/// (on <see cref="GateMetric"/>) the task stops, and <see cref="Disagreements"/> lists where
/// they differ so the codebook can be refined.
/// </summary>
public sealed record GateReport(
    bool Passed,
    string GateMetric,
    double Threshold,
    int Items,
    double Accuracy,
    double F1,
    double CohensKappa,
    double KrippendorffsAlpha,
    IReadOnlyList<Disagreement> Disagreements,
    IReadOnlyList<GateModeResult>? Modes = null);

/// <summary>
/// One labelling mode of a local teacher with <c>mode: auto</c>, as the gate measured it on the
/// validation split; the mode with the best gate metric labels the rest of the task.
/// </summary>
public sealed record GateModeResult(string Mode, string Teacher, double Accuracy, double F1, double CohensKappa, double KrippendorffsAlpha, int Abstentions, bool Chosen);

/// <summary>A validation item where teacher and human disagree; the excerpt is the start of the text.</summary>
public sealed record Disagreement(string Id, string Excerpt, string Human, string? Teacher);

/// <summary>
/// One arm on the test split: four metrics, each with a percentile bootstrap CI (for a binary
/// task, precision/recall/F1 of the positive label; otherwise macro averages), and its costs.
/// </summary>
public sealed record ArmReport(
    string Arm,
    string Name,
    int TestItems,
    Estimate Accuracy,
    Estimate Precision,
    Estimate Recall,
    Estimate F1,
    ArmCosts Costs);

/// <summary>A point estimate with its confidence interval.</summary>
public sealed record Estimate(double Value, double Lower, double Upper, double ConfidenceLevel);

/// <summary>
/// What an arm cost: training examples and seconds for students; tokens and money for
/// teachers (money null when unknown); prediction seconds. Seconds are timing, not results.
/// </summary>
public sealed record ArmCosts(int TrainingItems, Timing TrainingSeconds, Timing PredictionSeconds, long PromptTokens, long CompletionTokens, decimal? CostUsd);

/// <summary>A duration that is reported but excluded from run-to-run comparisons.</summary>
public sealed record Timing(double Seconds);

/// <summary>Arm A minus arm B on the same test items: paired bootstrap CI of the F1 difference, and the precision and recall differences.</summary>
public sealed record ArmComparisonReport(string ArmA, string ArmB, Estimate F1Difference, double OneSidedPValue, double PrecisionDifference, double RecallDifference);

/// <summary>
/// Labelling done by the teacher for a task: texts, tokens, money, abstentions, labels answered
/// from the label cache, and (for language models) the model and prompt version that produced them.
/// </summary>
public sealed record TeacherUsage(
    int TextsLabelled,
    long PromptTokens,
    long CompletionTokens,
    decimal? CostUsd,
    int Abstentions,
    int CacheHits = 0,
    string? Model = null,
    string? PromptVersion = null);

/// <summary>
/// Across tasks: median differences between arms (F1, precision, recall), each with a bootstrap
/// CI over tasks, beside the figures the paper reported.
/// </summary>
public sealed record JobSummary(int TasksCompleted, int TasksGateFailed, int TasksFailed, IReadOnlyList<MedianGap> Gaps);

/// <summary>The median over tasks of (metric of arm A − metric of arm B), with a CI, and the paper's figure where it gave one.</summary>
public sealed record MedianGap(string Metric, string ArmA, string ArmB, Estimate Median, double? PaperValue, int Tasks);

/// <summary>Student F1 as the simulated teacher's noise grows (the paper's noisy-label ablation), for one task.</summary>
public sealed record AblationCurve(string Task, string Student, IReadOnlyList<AblationPoint> Points);

/// <summary>Teacher noise (flip rate applied to both classes) and the teacher-trained student's test F1 at it.</summary>
public sealed record AblationPoint(double NoiseRate, double TeacherF1, Estimate StudentF1);
