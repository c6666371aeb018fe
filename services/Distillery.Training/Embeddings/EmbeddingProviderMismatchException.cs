namespace Distillery.Training.Embeddings;

/// <summary>
/// A stored embedding student loaded with a provider other than the one it was trained on: its
/// head would score vectors from a different space, so it is refused rather than silently wrong.
/// The fix is to load it with the right provider, not to replace the file.
/// </summary>
public sealed class EmbeddingProviderMismatchException : Exception
{
    public EmbeddingProviderMismatchException(string message)
        : base(message)
    {
    }

    public EmbeddingProviderMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EmbeddingProviderMismatchException()
    {
    }
}
