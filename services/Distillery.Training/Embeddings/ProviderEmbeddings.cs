using Distillery.Training.Students;

namespace Distillery.Training.Embeddings;

/// <summary>
/// Calls a provider and checks its answer (one finite vector of the promised dimension per
/// text), so that a faulty provider is reported by name instead of corrupting a fit or a prediction.
/// </summary>
internal static class ProviderEmbeddings
{
    /// <summary>Texts per provider call when progress is reported: about one to two seconds of a CPU encoder on one thread.</summary>
    public const int ProgressChunk = 64;

    /// <summary>
    /// The texts' vectors; with <paramref name="progress"/>, asked for <see cref="ProgressChunk"/>
    /// texts at a time and reported as <c>("embedding", done, total)</c> before the first chunk
    /// and after each (texts a cache already held count as done, as they come back at once).
    /// </summary>
    public static async Task<float[][]> EmbedCheckedAsync(IEmbeddingProvider provider, IReadOnlyList<string> texts, CancellationToken cancellationToken, IProgress<StudentProgress>? progress = null)
    {
        if (progress is null || texts.Count <= ProgressChunk)
        {
            progress?.Report(new StudentProgress(StudentProgress.Embedding, 0, texts.Count));
            var all = await EmbedOnceAsync(provider, texts, 0, cancellationToken);
            progress?.Report(new StudentProgress(StudentProgress.Embedding, texts.Count, texts.Count));
            return all;
        }

        var vectors = new float[texts.Count][];
        progress.Report(new StudentProgress(StudentProgress.Embedding, 0, texts.Count));
        for (var start = 0; start < texts.Count; start += ProgressChunk)
        {
            var count = Math.Min(ProgressChunk, texts.Count - start);
            var chunk = await EmbedOnceAsync(provider, [.. texts.Skip(start).Take(count)], start, cancellationToken);
            Array.Copy(chunk, 0, vectors, start, count);
            progress.Report(new StudentProgress(StudentProgress.Embedding, start + count, texts.Count));
        }

        return vectors;
    }

    private static async Task<float[][]> EmbedOnceAsync(IEmbeddingProvider provider, IReadOnlyList<string> texts, int offset, CancellationToken cancellationToken)
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
                    $"embedding provider '{provider.Name}' returned a vector of {vectors[i]?.Length ?? 0} values for text {offset + i}, expected {provider.Dimension}");
            }

            if (!vectors[i].All(float.IsFinite))
            {
                throw new InvalidOperationException($"embedding provider '{provider.Name}' returned a non-finite value in the vector of text {offset + i}");
            }
        }

        return vectors;
    }
}
