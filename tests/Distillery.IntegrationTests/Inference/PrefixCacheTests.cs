using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Inference;

/// <summary>The prompt-prefix cache: the codebook's shared turns evaluated once per task and copied into every text's sequence.</summary>
[Collection(SharedLlama.Name)]
public sealed class PrefixCacheTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Scores_with_the_prefix_cache_equal_scores_without_it_and_the_prefix_is_evaluated_once()
    {
        var request = TestCodebooks.Request(TestCodebooks.Balanced(), TestCodebooks.VariedTexts(16, seed: 3));
        ClassifyResponse cached, uncached;
        await using (var server = await InferenceServer.StartAsync(fixture))
        {
            cached = await GrpcClients.Inference(server.Channel).ClassifyAsync(request).ResponseAsync;
        }

        await using (var server = await InferenceServer.StartAsync(fixture, "--Distillery:Inference:Models:0:PrefixCache=false"))
        {
            uncached = await GrpcClients.Inference(server.Channel).ClassifyAsync(request).ResponseAsync;
        }

        for (var i = 0; i < request.Texts.Count; i++)
        {
            Assert.Equal(uncached.Labels[i].Label_, cached.Labels[i].Label_);
            for (var j = 0; j < 4; j++)
            {
                Assert.Equal(uncached.Labels[i].Probabilities[j], cached.Labels[i].Probabilities[j], 1e-4);
                Assert.Equal(Math.Log(uncached.Labels[i].Probabilities[j]), Math.Log(cached.Labels[i].Probabilities[j]), 1e-3);
            }
        }

        // Every text copied the prefix; the model ran it once instead of once per text.
        Assert.Equal(cached.PromptTokens, uncached.PromptTokens);
        Assert.Equal(0, uncached.CachedTokens);
        Assert.True(cached.CachedTokens > 200 * request.Texts.Count, $"cached {cached.CachedTokens}");
        var prefix = cached.CachedTokens / request.Texts.Count;
        Assert.Equal(prefix * (request.Texts.Count - 1), uncached.EvaluatedTokens - cached.EvaluatedTokens);
    }

    [Fact]
    public async Task Two_tasks_interleaved_keep_their_own_prefixes()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var texts = TestCodebooks.VariedTexts(6, seed: 5);
        var spam = TestCodebooks.Request(TestCodebooks.SpamHam(), texts);
        var stance = TestCodebooks.Request(TestCodebooks.SharedPrefixes(), texts);
        var alone = await GrpcClients.Inference(server.Channel).ClassifyAsync(stance).ResponseAsync;

        var both = await Task.WhenAll(
            GrpcClients.Inference(server.Channel).ClassifyAsync(spam).ResponseAsync,
            GrpcClients.Inference(server.Channel).ClassifyAsync(stance).ResponseAsync);

        Assert.Equal(2, both[0].Labels[0].Probabilities.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            for (var j = 0; j < 6; j++)
            {
                Assert.Equal(alone.Labels[i].Probabilities[j], both[1].Labels[i].Probabilities[j], 1e-4);
            }
        }

        // The second stance call found its prefix still cached from the first.
        Assert.True(both[1].EvaluatedTokens < alone.EvaluatedTokens);
    }
}
