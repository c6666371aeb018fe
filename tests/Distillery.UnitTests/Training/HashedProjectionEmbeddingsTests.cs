using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Distillery.Training.Embeddings;

namespace Distillery.UnitTests.Training;

public sealed class HashedProjectionTestEmbeddingsTests
{
    private const string Fox = "The quick brown fox jumps over the lazy dog";

    [Fact]
    public async Task Name_and_dimension_describe_the_vectors()
    {
        var small = new HashedProjectionTestEmbeddings(64);
        var vectors = await small.EmbedAsync(["one text", "another"]);

        Assert.Equal("hashed-projection-256", new HashedProjectionTestEmbeddings().Name);
        Assert.Equal(256, new HashedProjectionTestEmbeddings().Dimension);
        Assert.Equal("hashed-projection-64", small.Name);
        Assert.Equal(2, vectors.Length);
        Assert.All(vectors, vector => Assert.Equal(64, vector.Length));
    }

    [Fact]
    public async Task Vectors_are_unit_length_and_the_same_from_every_instance_and_call()
    {
        string[] texts = [Fox, "Free cruise now, reply to claim", "the jury said"];
        var first = await new HashedProjectionTestEmbeddings().EmbedAsync(texts);
        var second = await new HashedProjectionTestEmbeddings().EmbedAsync(texts);

        Assert.Equal(first, second);
        Assert.Equal(first[0], new HashedProjectionTestEmbeddings().Embed(Fox));
        Assert.All(first, vector => Assert.Equal(1.0, Norm(vector), 5));
    }

    [Fact]
    public void Vectors_are_pinned_so_that_a_change_to_the_algorithm_cannot_go_unnoticed()
    {
        // Recorded from this implementation; stored students depend on these exact bits, so a
        // change here needs a new provider name, not new numbers.
        var vector = new HashedProjectionTestEmbeddings().Embed(Fox);
        var bytes = MemoryMarshal.AsBytes(vector.AsSpan());

        Assert.Equal([0f, -0.04259642f, 0.007719843f, -0.025158131f], vector[..4]);
        Assert.Equal("4DD49C5119E0158A", Convert.ToHexString(SHA256.HashData(bytes))[..16]);
    }

    [Fact]
    public void Texts_sharing_words_are_closer_than_texts_sharing_none()
    {
        var provider = new HashedProjectionTestEmbeddings();
        var football = provider.Embed("the striker scored a late goal in the match");
        var match = provider.Embed("a late goal won the match for the striker");
        var baking = provider.Embed("whisk eggs and fold flour into butter");

        Assert.True(Cosine(football, match) > Cosine(football, baking) + 0.3, $"{Cosine(football, match)} vs {Cosine(football, baking)}");
    }

    [Fact]
    public void Case_and_punctuation_do_not_change_the_vector_but_word_order_does_through_bigrams()
    {
        var provider = new HashedProjectionTestEmbeddings();
        var reordered = Cosine(provider.Embed("dog bites man"), provider.Embed("man bites dog"));

        Assert.Equal(provider.Embed("free cruise now"), provider.Embed("Free CRUISE, now!"));
        Assert.InRange(reordered, 0.2, 0.99);
    }

    [Fact]
    public void A_text_without_words_embeds_as_the_zero_vector()
    {
        var provider = new HashedProjectionTestEmbeddings();

        Assert.All(provider.Embed(""), value => Assert.Equal(0f, value));
        Assert.All(provider.Embed("a ! ?"), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Projection_entries_are_plus_or_minus_one_with_probability_one_sixth_each()
    {
        var counts = new Dictionary<int, int> { [-1] = 0, [0] = 0, [1] = 0 };
        for (var bucket = 0; bucket < 2000; bucket++)
        {
            for (var d = 0; d < 256; d++)
            {
                counts[HashedProjectionTestEmbeddings.ProjectionEntry(bucket * 523, d)]++;
            }
        }

        var total = 2000.0 * 256;
        Assert.Equal(1 / 6.0, counts[1] / total, 2);
        Assert.Equal(1 / 6.0, counts[-1] / total, 2);
        Assert.Equal(2 / 3.0, counts[0] / total, 2);
    }

    [Fact]
    public async Task Embedding_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new HashedProjectionTestEmbeddings().EmbedAsync([Fox], cancelled.Token));
    }

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(v => (double)v * v));

    private static double Cosine(float[] a, float[] b) => a.Zip(b).Sum(pair => (double)pair.First * pair.Second) / (Norm(a) * Norm(b));
}
