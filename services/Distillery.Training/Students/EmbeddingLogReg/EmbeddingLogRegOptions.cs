namespace Distillery.Training.Students.EmbeddingLogReg;

/// <summary>Settings of the <c>embedding-logreg</c> student, named after scikit-learn's.</summary>
public sealed record EmbeddingLogRegOptions
{
    /// <summary>Inverse regularisation strength; larger fits the training labels more closely.</summary>
    public double C { get; init; } = 1.0;

    public ClassWeight ClassWeight { get; init; } = ClassWeight.None;
}
