namespace Distillery.Domain.Jobs;

/// <summary>
/// The paper's noisy-label ablation: on each named task, a simulated teacher flips labels at
/// each noise rate (both classes alike) and the named student is trained on its labels.
/// </summary>
public sealed record AblationSpec(IReadOnlyList<string> Tasks, IReadOnlyList<double> NoiseRates, string Student);
