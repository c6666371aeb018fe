using System.Collections.Concurrent;

namespace Distillery.Training.Embeddings;

/// <summary>
/// The local mode's embedding cache: in memory, plus (when <paramref name="folder"/> is given) one
/// append-only file per key space in that folder, read on the space's first use, so a second run
/// on this machine embeds nothing it embedded before. A record is the text's SHA-256 (32 bytes),
/// the vector's length (int32) and its values (float32, little-endian); a torn last record (a run
/// killed while writing) is ignored and simply computed again.
/// </summary>
public sealed class FileEmbeddingCache(string? folder = null) : IEmbeddingCache
{
    private const int HashBytes = 32;

    private readonly ConcurrentDictionary<string, Space> _spaces = new(StringComparer.Ordinal);

    /// <summary>
    /// The machine's embedding cache folder, beside the label cache: <c>$XDG_CACHE_HOME/distillery/embeddings</c>,
    /// else <c>~/.cache/distillery/embeddings</c>.
    /// </summary>
    public static string DefaultFolder() => Domain.Files.MachineCache.PathOf("embeddings");

    public Task<IReadOnlyDictionary<string, float[]>> GetAsync(string space, IReadOnlyCollection<string> textSha256s, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(textSha256s);
        var entries = Open(space);
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var key in textSha256s)
        {
            if (entries.Vectors.TryGetValue(key, out var vector))
            {
                found[key] = vector;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, float[]>>(found);
    }

    public async Task PutAsync(string space, IReadOnlyList<KeyValuePair<string, float[]>> vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var entries = Open(space);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var (key, vector) in vectors)
            {
                if (!entries.Vectors.TryAdd(key, (float[])vector.Clone()))
                {
                    continue;
                }

                writer.Write(Convert.FromHexString(key));
                writer.Write(vector.Length);
                foreach (var value in vector)
                {
                    writer.Write(value);
                }
            }
        }

        if (entries.Path is null || buffer.Length == 0)
        {
            return;
        }

        // One append per batch: records of concurrent runs do not interleave within a batch.
        await entries.Writing.WaitAsync(cancellationToken);
        try
        {
            await using var file = new FileStream(entries.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        }
        finally
        {
            entries.Writing.Release();
        }
    }

    private Space Open(string space)
    {
        ArgumentException.ThrowIfNullOrEmpty(space);
        return _spaces.GetOrAdd(space, name =>
        {
            if (folder is null)
            {
                return new Space(null);
            }

            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, FileName(name));
            var loaded = new Space(path);
            if (File.Exists(path))
            {
                Load(path, loaded.Vectors);
            }

            return loaded;
        });
    }

    /// <summary>The space's name kept readable, with anything outside [a-z0-9.-] (the '@' and '/' of a name) turned into '_'.</summary>
    private static string FileName(string space) =>
        new string([.. space.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')]) + ".f32";

    private static void Load(string path, ConcurrentDictionary<string, float[]> vectors)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new BinaryReader(stream);
        while (stream.Length - stream.Position >= HashBytes + sizeof(int))
        {
            var key = Convert.ToHexStringLower(reader.ReadBytes(HashBytes));
            var length = reader.ReadInt32();
            if (length < 0 || stream.Length - stream.Position < (long)length * sizeof(float))
            {
                return;
            }

            var vector = new float[length];
            for (var d = 0; d < length; d++)
            {
                vector[d] = reader.ReadSingle();
            }

            vectors.TryAdd(key, vector);
        }
    }

    private sealed class Space(string? path)
    {
        public string? Path { get; } = path;

        public ConcurrentDictionary<string, float[]> Vectors { get; } = new(StringComparer.Ordinal);

        public SemaphoreSlim Writing { get; } = new(1, 1);
    }
}
