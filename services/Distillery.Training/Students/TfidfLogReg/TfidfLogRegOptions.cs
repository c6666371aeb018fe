using Distillery.Training.Features;

namespace Distillery.Training.Students.TfidfLogReg;

/// <summary>
/// Settings of the <c>tfidf-logreg</c> student, named after scikit-learn's. With <see cref="C"/>
/// null, C is chosen from <see cref="CGrid"/> by seeded stratified <see cref="CvFolds"/>-fold
/// cross-validation on macro F1.
/// </summary>
public sealed record TfidfLogRegOptions
{
    public TfidfOptions Tfidf { get; init; } = new();

    /// <summary>Inverse regularisation strength; larger fits the training labels more closely.</summary>
    public double? C { get; init; } = 10.0;

    public IReadOnlyList<double> CGrid { get; init; } = [0.1, 1, 10, 100];

    public int CvFolds { get; init; } = 5;

    public ClassWeight ClassWeight { get; init; } = ClassWeight.None;
}
