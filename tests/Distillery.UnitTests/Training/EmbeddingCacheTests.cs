using Distillery.Training.Embeddings;
using Distillery.UnitTests.Training.Encoders;

namespace Distillery.UnitTests.Training;

public sealed class EmbeddingCacheTests
{
    private const string Space = "all-minilm-l6-v2@4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2/256";

    [Fact]
    public async Task The_file_cache_gives_back_what_it_stored_after_a_restart_and_ignores_a_torn_last_record()
    {
        using var folder = new TempFolder();
        var a = CachedEmbeddings.TextSha256("first");
        var b = CachedEmbeddings.TextSha256("second");
        await new FileEmbeddingCache(folder.Path).PutAsync(Space, [KeyValuePair.Create(a, new[] { 1f, -2.5f }), KeyValuePair.Create(b, new[] { 0.25f, 3f })], CancellationToken.None);
        var file = Assert.Single(Directory.GetFiles(folder.Path));
        await using (var stream = new FileStream(file, FileMode.Append))
        {
            await stream.WriteAsync(new byte[40]);
        }

        var found = await new FileEmbeddingCache(folder.Path).GetAsync(Space, [a, b, CachedEmbeddings.TextSha256("third")], CancellationToken.None);

        Assert.Equal(2, found.Count);
        Assert.Equal([1f, -2.5f], found[a]);
        Assert.Equal([0.25f, 3f], found[b]);
        Assert.Empty(await new FileEmbeddingCache(folder.Path).GetAsync("other-space", [a], CancellationToken.None));
    }

    [Fact]
    public async Task A_second_embedding_of_the_same_texts_does_not_run_the_encoder()
    {
        using var folder = new TempFolder();
        var encoder = await MiniLm.EncoderAsync();
        var inner = new CountingEmbeddings(new SentenceEncoderEmbeddings(encoder, 32));
        string[] texts = ["the first text", "a second one", "the first text"];

        var first = await new CachedEmbeddings(inner, new FileEmbeddingCache(folder.Path), "space-32").EmbedAsync(texts);
        var second = await new CachedEmbeddings(inner, new FileEmbeddingCache(folder.Path), "space-32").EmbedAsync(texts);

        Assert.Equal(1, inner.Calls);
        Assert.Equal(2, inner.Texts);
        Assert.Equal(first, second);
        Assert.Equal(first[0], first[2]);
    }

    [Fact]
    public async Task The_source_loads_nothing_until_a_student_embeds_then_one_session_serves_every_max_length()
    {
        var catalog = new CountingCatalog();
        using var source = new EncoderEmbeddingSource(catalog, new FileEmbeddingCache());

        var short_ = source.Get("all-minilm-l6-v2", 16);
        var long_ = source.Get("all-minilm-l6-v2", 24);
        Assert.Same(short_, source.Get("all-minilm-l6-v2", 16));
        Assert.Equal(0, catalog.Gets);

        await short_.EmbedAsync(["one text"]);
        await long_.EmbedAsync(["one text"]);

        Assert.Equal(1, catalog.Gets);
        Assert.Equal("all-minilm-l6-v2@4a64cee3d413/24", long_.Name);
        Assert.Same(long_, source.Resolve("all-minilm-l6-v2@4a64cee3d413/24"));
        Assert.Null(source.Resolve("hashed-projection-256"));
        Assert.Null(source.Resolve("other-encoder@4a64cee3d413/24"));
    }

    private sealed class CountingEmbeddings(IEmbeddingProvider inner) : IEmbeddingProvider
    {
        public int Calls { get; private set; }

        public int Texts { get; private set; }

        public string Name => inner.Name;

        public int Dimension => inner.Dimension;

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Calls++;
            Texts += texts.Count;
            return inner.EmbedAsync(texts, cancellationToken);
        }
    }
}
