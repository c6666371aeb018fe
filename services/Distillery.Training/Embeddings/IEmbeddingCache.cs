namespace Distillery.Training.Embeddings;

/// <summary>
/// Vectors already computed, by key space (the encoder's name, full model hash and max_length:
/// <see cref="SentenceEncoderEmbeddings.CacheSpace"/>) and the SHA-256 of the text (lower-case
/// hex), so each text is embedded once per encoder and max_length however many students, arms
/// and runs use it. The text itself is never stored. Local mode keeps it in files
/// (<see cref="FileEmbeddingCache"/>), distributed mode in PostgreSQL (<see cref="PostgresEmbeddingCache"/>).
/// </summary>
public interface IEmbeddingCache
{
    /// <summary>The vectors found among <paramref name="textSha256s"/>; missing ones are simply absent.</summary>
    Task<IReadOnlyDictionary<string, float[]>> GetAsync(string space, IReadOnlyCollection<string> textSha256s, CancellationToken cancellationToken);

    /// <summary>Stores vectors; a key already present keeps its first vector.</summary>
    Task PutAsync(string space, IReadOnlyList<KeyValuePair<string, float[]>> vectors, CancellationToken cancellationToken);
}
