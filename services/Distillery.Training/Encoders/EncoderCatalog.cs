using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Distillery.Training.Encoders;

/// <summary>
/// The encoders of this process: all-MiniLM-L6-v2 from its package, taken out into
/// <paramref name="folder"/> (the machine's encoder folder by default) on first use, and the
/// encoders an operator mounts (<paramref name="mounted"/>, by name), whose model file is hashed
/// once per process so that stored students and cached vectors name the exact weights.
/// </summary>
public sealed class EncoderCatalog(string? folder = null, IReadOnlyDictionary<string, MountedEncoder>? mounted = null) : IEncoderCatalog
{
    private readonly string _folder = folder ?? PackagedMiniLm.DefaultFolder();
    private readonly IReadOnlyDictionary<string, MountedEncoder> _mounted = mounted ?? new Dictionary<string, MountedEncoder>();
    private readonly ConcurrentDictionary<string, Lazy<Task<EncoderFiles>>> _hashed = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => [PackagedMiniLm.Name, .. _mounted.Keys.Where(name => name != PackagedMiniLm.Name).Order(StringComparer.Ordinal)];

    public int MaxLengthOf(string name) =>
        name == PackagedMiniLm.Name ? PackagedMiniLm.MaxLength
        : _mounted.TryGetValue(name, out var encoder) ? encoder.MaxLength
        : throw Unknown(name);

    public Task<EncoderFiles> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name == PackagedMiniLm.Name)
        {
            return PackagedMiniLm.EnsureAsync(_folder, PackagedMiniLm.DefaultPackageRoots(), cancellationToken);
        }

        if (!_mounted.TryGetValue(name, out var encoder))
        {
            throw Unknown(name);
        }

        var hashing = _hashed.GetOrAdd(name, _ => new Lazy<Task<EncoderFiles>>(() => HashAsync(name, encoder)));
        if (hashing.Value.IsFaulted)
        {
            // Not remembered: the operator may put the file right without restarting.
            _hashed.TryRemove(name, out _);
        }

        return hashing.Value.WaitAsync(cancellationToken);
    }

    private static async Task<EncoderFiles> HashAsync(string name, MountedEncoder encoder)
    {
        foreach (var (path, what) in new[] { (encoder.Model, "model"), (encoder.Vocabulary, "vocabulary") })
        {
            if (!File.Exists(path))
            {
                throw new EncoderFilesException($"encoder '{name}': {what} file '{path}' does not exist");
            }
        }

        await using var model = File.OpenRead(encoder.Model);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(model));
        return new EncoderFiles(name, encoder.Model, encoder.Vocabulary, sha, encoder.LowerCase, encoder.MaxLength);
    }

    private EncoderFilesException Unknown(string name) => new($"unknown encoder '{name}' (known: {string.Join(", ", Names)})");
}
