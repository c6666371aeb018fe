using Distillery.Training.Models;

namespace Distillery.Training.Students.EmbeddingMlp;

/// <summary>
/// Settings of the <c>embedding-mlp</c> student: the perceptron and its training, the share of
/// the training set held out (stratified) to stop on, and the class weights.
/// </summary>
public sealed record EmbeddingMlpOptions
{
    public MlpOptions Mlp { get; init; } = new();

    /// <summary>Share of each class held out for early stopping, in [0, 1); 0 trains for the maximum epochs on everything.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    public ClassWeight ClassWeight { get; init; } = ClassWeight.None;
}
