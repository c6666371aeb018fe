namespace Distillery.Training.Encoders;

/// <summary>
/// The encoders of this process: all-MiniLM-L6-v2 from its package, taken out into
/// <paramref name="folder"/> (the machine's encoder folder by default) on first use.
/// </summary>
public sealed class EncoderCatalog(string? folder = null) : IEncoderCatalog
{
    private readonly string _folder = folder ?? PackagedMiniLm.DefaultFolder();

    public IReadOnlyCollection<string> Names { get; } = [PackagedMiniLm.Name];

    public int MaxLengthOf(string name) =>
        name == PackagedMiniLm.Name ? PackagedMiniLm.MaxLength : throw new EncoderFilesException($"unknown encoder '{name}' (known: {string.Join(", ", Names)})");

    public Task<EncoderFiles> GetAsync(string name, CancellationToken cancellationToken = default) =>
        name == PackagedMiniLm.Name
            ? PackagedMiniLm.EnsureAsync(_folder, PackagedMiniLm.DefaultPackageRoots(), cancellationToken)
            : throw new EncoderFilesException($"unknown encoder '{name}' (known: {string.Join(", ", Names)})");
}
