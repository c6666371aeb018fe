using Distillery.Domain.Metrics;

namespace Distillery.Training.Data;

/// <summary>
/// What a label source says about some documents: their texts, a label each, and per-label
/// probabilities when the source gave them (a teacher that reports them; never humans).
/// </summary>
public sealed record TrainingExamples(
    LabelSet Labels,
    IReadOnlyList<string> Texts,
    IReadOnlyList<string> HardLabels,
    IReadOnlyList<IReadOnlyList<double>>? Probabilities);
