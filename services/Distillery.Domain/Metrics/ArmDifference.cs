namespace Distillery.Domain.Metrics;

/// <summary>
/// Arm A minus arm B on the same test items, from a paired bootstrap: the interval of the
/// difference, and <see cref="OneSidedPValue"/>, the share of resamples in which A did not beat
/// B (difference ≤ 0). A small value says A's lead is unlikely to be an accident of which items
/// landed in the test set; it says nothing about other test sets or other seeds of training.
/// </summary>
public sealed record ArmDifference(BootstrapInterval Difference, double OneSidedPValue);
