using Distillery.Contracts.Training;
using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;
using Distillery.Training.Service;
using Distillery.Training.Students;

namespace Distillery.UnitTests.Training.Encoders;

/// <summary>An encoder an operator mounts by path and vocabulary runs through the same code as the packaged one.</summary>
public sealed class MountedEncoderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-mounted-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_mounted_encoder_is_named_hashed_and_embeds_as_its_weights_do()
    {
        var packaged = await MiniLm.FilesAsync();
        var model = Path.Combine(_folder, "bert.onnx");
        var vocabulary = Path.Combine(_folder, "vocab.txt");
        File.Copy(packaged.ModelPath, model);
        File.Copy(packaged.VocabularyPath, vocabulary);
        var catalog = new EncoderCatalog(mounted: new Dictionary<string, MountedEncoder>
        {
            ["site-bert"] = new() { Model = model, Vocabulary = vocabulary, MaxLength = 128 },
        });

        Assert.Equal([PackagedMiniLm.Name, "site-bert"], catalog.Names);
        Assert.Equal(128, catalog.MaxLengthOf("site-bert"));
        var files = await catalog.GetAsync("site-bert");
        // The same bytes as the packaged model: the hash names the weights, not the file's name.
        Assert.Equal(PackagedMiniLm.ModelSha256, files.ModelSha256);

        using var source = new EncoderEmbeddingSource(catalog);
        var texts = new[] { "The cat sits on the mat", "Stocks fell sharply today" };
        var mounted = await source.Get("site-bert", 64).EmbedAsync(texts);
        var original = await source.Get(PackagedMiniLm.Name, 64).EmbedAsync(texts);
        Assert.Equal(original[1], mounted[1]);
        Assert.StartsWith("site-bert@4a64cee3d413/64", source.Get("site-bert", 64).Name, StringComparison.Ordinal);

        // A spec may name it, and asking beyond its limit is refused by setting.
        var factory = new StudentFactory(source);
        factory.Create(new StudentSpecification("embedding-logreg", "s", new Dictionary<string, string> { ["encoder"] = "site-bert", ["max_length"] = "128" }));
        var error = Assert.Throws<StudentTrainingException>(() =>
            factory.Create(new StudentSpecification("embedding-logreg", "s", new Dictionary<string, string> { ["encoder"] = "site-bert", ["max_length"] = "256" })));
        Assert.Equal("max_length", error.Setting);
    }

    [Fact]
    public async Task A_mounted_encoder_whose_file_is_missing_is_named_with_the_file()
    {
        var missing = Path.Combine(_folder, "nowhere.onnx");
        var catalog = new EncoderCatalog(mounted: new Dictionary<string, MountedEncoder>
        {
            ["site-bert"] = new() { Model = missing, Vocabulary = Path.Combine(_folder, "vocab.txt") },
        });

        var error = await Assert.ThrowsAsync<EncoderFilesException>(() => catalog.GetAsync("site-bert"));
        Assert.Contains("encoder 'site-bert'", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<EncoderFilesException>(() => catalog.GetAsync("bert-large"));
        Assert.Contains("known: all-minilm-l6-v2, site-bert", unknown.Message, StringComparison.Ordinal);
    }
}
