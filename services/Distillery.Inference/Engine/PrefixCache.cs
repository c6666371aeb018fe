using Distillery.Llama;

namespace Distillery.Inference.Engine;

/// <summary>
/// The prompt-prefix cache: a few prefixes (a task's codebook and examples, shared by every text
/// of the task) each evaluated once into a sequence of its own and copied into the sequence of
/// every text that starts with it. A new prefix takes an empty entry or evicts the least recently
/// used one no text is waiting for; when every entry is busy the text evaluates its prefix
/// itself. Used by the scheduler thread only.
/// </summary>
internal sealed class PrefixCache
{
    private readonly PrefixEntry[] _entries;
    private long _clock;

    public PrefixCache(int firstSequenceId, int count) =>
        _entries = [.. Enumerable.Range(firstSequenceId, count).Select(id => new PrefixEntry(id))];

    public int Count => _entries.Length;

    /// <summary>
    /// Binds a text to the entry for <paramref name="key"/>: an existing one, or a new one that
    /// <paramref name="evaluate"/> returns the work for, counted towards <paramref name="usage"/>
    /// (null when no entry is free).
    /// </summary>
    public PrefixEntry? Bind(string key, int[] tokens, UsageCounter usage, LlamaMemory memory, out PrefixWork? evaluate)
    {
        evaluate = null;
        _clock++;
        var entry = _entries.FirstOrDefault(e => e.State is PrefixState.Evaluating or PrefixState.Ready && e.Key == key);
        if (entry is null)
        {
            entry = _entries.Where(e => e.IsEvictable).MinBy(e => e.State == PrefixState.Empty ? long.MinValue : e.LastUsed);
            if (entry is null)
            {
                return null;
            }

            memory.Remove(entry.SequenceId);
            entry.Key = key;
            entry.Tokens = tokens;
            entry.State = PrefixState.Evaluating;
            evaluate = new PrefixWork(entry, usage);
        }

        entry.Waiting++;
        entry.LastUsed = _clock;
        return entry;
    }

    /// <summary>Drops every prefix no text waits for, to make room in a full KV cache; returns how many.</summary>
    public int EvictIdle(LlamaMemory memory)
    {
        var evicted = 0;
        foreach (var entry in _entries.Where(e => e.State == PrefixState.Ready && e.Waiting == 0))
        {
            memory.Remove(entry.SequenceId);
            entry.State = PrefixState.Empty;
            entry.Tokens = [];
            entry.Key = string.Empty;
            evicted++;
        }

        return evicted;
    }
}
