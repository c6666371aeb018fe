namespace Distillery.Domain.Jobs;

/// <summary>
/// The teacher-validation gate: the agreement statistic (accuracy, f1, kappa or alpha) the
/// teacher must reach against the humans on the validation split for a task to go on.
/// </summary>
public sealed record GateSpec(string Metric = "kappa", double Threshold = 0.4)
{
    public static readonly string[] Metrics = ["accuracy", "f1", "kappa", "alpha"];
}
