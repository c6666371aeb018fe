using System.Security.Cryptography;
using System.Text;

namespace Distillery.Training.Embeddings;

/// <summary>
/// A provider whose vectors go through an <see cref="IEmbeddingCache"/>: only texts the cache
/// lacks reach <paramref name="inner"/> (each distinct text once per call), and what it computes is
/// stored. Same name and dimension as <paramref name="inner"/>: the vectors are the same.
/// </summary>
public sealed class CachedEmbeddings(IEmbeddingProvider inner, IEmbeddingCache cache, string space) : IEmbeddingProvider
{
    private readonly IEmbeddingProvider _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly IEmbeddingCache _cache = cache ?? throw new ArgumentNullException(nameof(cache));
    private readonly string _space = space ?? throw new ArgumentNullException(nameof(space));

    public string Name => _inner.Name;

    public int Dimension => _inner.Dimension;

    public static string TextSha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var keys = texts.Select(TextSha256).ToArray();
        var found = await _cache.GetAsync(_space, keys.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var known = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (key, vector) in found)
        {
            // A vector of another length is not this space's (a damaged entry): computed again.
            if (vector.Length == Dimension)
            {
                known[key] = vector;
            }
        }

        var missing = new List<(string Key, string Text)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            if (!known.ContainsKey(keys[i]) && seen.Add(keys[i]))
            {
                missing.Add((keys[i], texts[i]));
            }
        }

        if (missing.Count > 0)
        {
            var computed = await ProviderEmbeddings.EmbedCheckedAsync(_inner, [.. missing.Select(m => m.Text)], cancellationToken);
            var entries = new List<KeyValuePair<string, float[]>>(missing.Count);
            for (var i = 0; i < missing.Count; i++)
            {
                known[missing[i].Key] = computed[i];
                entries.Add(KeyValuePair.Create(missing[i].Key, computed[i]));
            }

            await _cache.PutAsync(_space, entries, cancellationToken);
        }

        // Each caller gets its own arrays: a head that scales its inputs in place must not change the cache.
        return [.. keys.Select(key => (float[])known[key].Clone())];
    }
}
