namespace Distillery.Training.Models;

/// <summary>A trained classifier over dense embeddings: what the embedding students put on top of their provider.</summary>
public interface IEmbeddingHead
{
    int Classes { get; }

    int Inputs { get; }

    double[][] PredictProbabilities(IReadOnlyList<float[]> embeddings);

    void Write(BinaryWriter writer);
}
