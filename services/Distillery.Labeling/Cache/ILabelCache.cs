namespace Distillery.Labeling.Cache;

/// <summary>
/// Labels already paid for. In memory (and a file) in local mode, PostgreSQL in distributed
/// mode, so that a re-run, a retried batch or another job over the same texts costs nothing.
/// </summary>
public interface ILabelCache
{
    Task<IReadOnlyDictionary<LabelCacheKey, CachedLabel>> GetAsync(IReadOnlyCollection<LabelCacheKey> keys, CancellationToken cancellationToken);

    /// <summary>Adds entries; an entry already present is kept as it was (the first answer wins).</summary>
    Task PutAsync(IReadOnlyList<KeyValuePair<LabelCacheKey, CachedLabel>> entries, CancellationToken cancellationToken);
}
