using System.Collections.Concurrent;
using System.Text.Json;

namespace Distillery.Labeling.Cache;

/// <summary>
/// The local mode's cache: a dictionary, backed (when given a path) by a JSON-lines file that is
/// read at start and appended to, so that the next <c>distillery run</c> finds what this one paid
/// for. A torn last line (a run killed mid-write) is skipped, not fatal.
/// </summary>
public sealed class FileLabelCache : ILabelCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<LabelCacheKey, CachedLabel> _entries = new();
    private readonly string? _path;
    private readonly Lock _write = new();

    public FileLabelCache(string? path = null)
    {
        _path = path;
        if (path is null || !File.Exists(path))
        {
            return;
        }

        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (JsonSerializer.Deserialize<Line>(line, Json) is { } entry)
                {
                    _entries.TryAdd(entry.Key, entry.Value);
                }
            }
            catch (JsonException)
            {
                // Only the last line of a killed run can be torn; the entry is simply paid for again.
            }
        }
    }

    public int Count => _entries.Count;

    public Task<IReadOnlyDictionary<LabelCacheKey, CachedLabel>> GetAsync(IReadOnlyCollection<LabelCacheKey> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<LabelCacheKey, CachedLabel>();
        foreach (var key in keys)
        {
            if (_entries.TryGetValue(key, out var value))
            {
                found[key] = value;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<LabelCacheKey, CachedLabel>>(found);
    }

    public Task PutAsync(IReadOnlyList<KeyValuePair<LabelCacheKey, CachedLabel>> entries, CancellationToken cancellationToken)
    {
        var added = entries.Where(entry => _entries.TryAdd(entry.Key, entry.Value)).ToList();
        if (_path is not null && added.Count > 0)
        {
            lock (_write)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
                File.AppendAllLines(_path, added.Select(entry => JsonSerializer.Serialize(new Line(entry.Key, entry.Value), Json)));
            }
        }

        return Task.CompletedTask;
    }

    private sealed record Line(LabelCacheKey Key, CachedLabel Value);
}
