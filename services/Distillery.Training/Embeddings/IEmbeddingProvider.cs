namespace Distillery.Training.Embeddings;

/// <summary>
/// Turns texts into fixed-length vectors for the embedding students:
/// <see cref="SentenceEncoderEmbeddings"/> (a pretrained encoder over ONNX Runtime, from
/// <see cref="EncoderEmbeddingSource"/>, cached by <see cref="CachedEmbeddings"/>). A stored
/// embedding student records <see cref="Name"/> and
/// <see cref="Dimension"/>, because its head is only meaningful over the vectors it was trained on.
/// </summary>
public interface IEmbeddingProvider
{
    /// <summary>Names the vector space: two providers with one name must give the same vectors.</summary>
    string Name { get; }

    int Dimension { get; }

    /// <summary>One vector of <see cref="Dimension"/> values per text, in order.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
