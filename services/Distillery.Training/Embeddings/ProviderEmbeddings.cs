namespace Distillery.Training.Embeddings;

/// <summary>
/// Calls a provider and checks its answer (one finite vector of the promised dimension per
/// text), so that a faulty provider is reported by name instead of corrupting a fit or a prediction.
/// </summary>
internal static class ProviderEmbeddings
{
    public static async Task<float[][]> EmbedCheckedAsync(IEmbeddingProvider provider, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = await provider.EmbedAsync(texts, cancellationToken);
        if (vectors.Length != texts.Count)
        {
            throw new InvalidOperationException($"embedding provider '{provider.Name}' returned {vectors.Length} vectors for {texts.Count} texts");
        }

        for (var i = 0; i < vectors.Length; i++)
        {
            if (vectors[i] is null || vectors[i].Length != provider.Dimension)
            {
                throw new InvalidOperationException(
                    $"embedding provider '{provider.Name}' returned a vector of {vectors[i]?.Length ?? 0} values for text {i}, expected {provider.Dimension}");
            }

            if (!vectors[i].All(float.IsFinite))
            {
                throw new InvalidOperationException($"embedding provider '{provider.Name}' returned a non-finite value in the vector of text {i}");
            }
        }

        return vectors;
    }
}
