using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Inference;

/// <summary>Continuous batching: texts of many concurrent calls share decode steps without changing any result.</summary>
[Collection(SharedLlama.Name)]
public sealed class ConcurrencyTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Sixty_four_concurrent_classify_calls_equal_the_same_calls_made_one_at_a_time()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var texts = TestCodebooks.VariedTexts(128, seed: 17);
        var requests = Enumerable.Range(0, 64)
            .Select(i => TestCodebooks.Request(i % 2 == 0 ? TestCodebooks.Balanced() : TestCodebooks.SharedPrefixes(), [texts[2 * i], texts[(2 * i) + 1]]))
            .ToList();
        var alone = new List<ClassifyResponse>();
        foreach (var request in requests)
        {
            alone.Add(await GrpcClients.Inference(server.Channel).ClassifyAsync(request).ResponseAsync);
        }

        var stepsBefore = server.Engine.Statistics.Steps;
        var together = await Task.WhenAll(requests.Select(request =>
            GrpcClients.Inference(server.Channel).ClassifyAsync(request).ResponseAsync));
        var steps = server.Engine.Statistics.Steps - stepsBefore;

        for (var call = 0; call < requests.Count; call++)
        {
            for (var text = 0; text < 2; text++)
            {
                var expected = alone[call].Labels[text].Probabilities;
                var actual = together[call].Labels[text].Probabilities;
                Assert.Equal(expected.Count, actual.Count);
                for (var label = 0; label < expected.Count; label++)
                {
                    Assert.Equal(expected[label], actual[label], 1e-4);
                    Assert.Equal(Math.Log(expected[label]), Math.Log(actual[label]), 1e-3);
                }

                Assert.Equal(alone[call].Labels[text].Label_, together[call].Labels[text].Label_);
            }
        }

        // 128 texts through 8 slots: the calls really shared steps (one at a time took at least two steps a text).
        Assert.True(steps < 128, $"{steps} steps");
        Assert.Equal(0, server.Engine.BusySlots);
        Assert.Equal(0, server.Engine.QueueLength);
    }
}
