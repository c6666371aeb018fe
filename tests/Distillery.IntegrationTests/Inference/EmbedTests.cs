using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Inference;

/// <summary>Embed: mean-pooled embeddings scaled to unit length.</summary>
[Collection(SharedLlama.Name)]
public sealed class EmbedTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Embed_gives_unit_vectors_identical_for_identical_texts_and_different_for_different_ones()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var request = new EmbedRequest { Model = InferenceServer.Model };
        request.Texts.AddRange(["buy now, this is spam", "see you at the meeting", "buy now, this is spam", "naïve café 日本"]);

        var first = await GrpcClients.Inference(server.Channel).EmbedAsync(request).ResponseAsync;
        // Again, while a classification keeps the engine busy with other sequences.
        var busy = GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), TestCodebooks.VariedTexts(8))).ResponseAsync;
        var second = await GrpcClients.Inference(server.Channel).EmbedAsync(request).ResponseAsync;
        await busy;

        Assert.Equal(4, first.Embeddings.Count);
        Assert.All(first.Embeddings.Concat(second.Embeddings), embedding =>
        {
            Assert.Equal(fixture.Model.EmbeddingOutputSize, embedding.Values.Count);
            Assert.Equal(1.0, Math.Sqrt(embedding.Values.Sum(value => (double)value * value)), 1e-5);
            Assert.False(embedding.Truncated);
        });
        Assert.Equal(first.Embeddings[0].Values, first.Embeddings[2].Values);
        for (var i = 0; i < 4; i++)
        {
            Assert.All(first.Embeddings[i].Values.Zip(second.Embeddings[i].Values), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
        }

        var cosine = first.Embeddings[0].Values.Zip(first.Embeddings[1].Values).Sum(pair => (double)pair.First * pair.Second);
        Assert.True(cosine < 0.9999, $"cosine {cosine}");
    }

    [Fact]
    public async Task A_text_longer_than_a_batch_is_cut_in_the_middle_and_marked_truncated()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var request = new EmbedRequest { Model = InferenceServer.Model };
        request.Texts.AddRange([string.Concat(Enumerable.Repeat("a long document ", 200)), "short"]);

        var response = await GrpcClients.Inference(server.Channel).EmbedAsync(request).ResponseAsync;

        Assert.True(response.Embeddings[0].Truncated);
        Assert.False(response.Embeddings[1].Truncated);
        Assert.Equal(1.0, Math.Sqrt(response.Embeddings[0].Values.Sum(value => (double)value * value)), 1e-5);
    }
}
