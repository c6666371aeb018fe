using Distillery.Training.Embeddings;

namespace Distillery.UnitTests.Training;

/// <summary>Another provider's vectors under a name of our choosing: a provider that claims to be something it is not.</summary>
internal sealed class RenamedEmbeddings(string name, IEmbeddingProvider inner) : IEmbeddingProvider
{
    public string Name { get; } = name;

    public int Dimension => inner.Dimension;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        inner.EmbedAsync(texts, cancellationToken);
}
