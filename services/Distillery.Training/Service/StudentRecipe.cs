using Distillery.Training.Students;

namespace Distillery.Training.Service;

/// <summary>
/// A student ready to train, with how to prepare its data: train on the teacher's
/// probabilities rather than its labels (<c>soft_labels</c>), and drop items the teacher was
/// unsure of (<c>min_confidence</c>).
/// </summary>
public sealed record StudentRecipe(IStudent Student, bool SoftLabels, double? MinConfidence);
