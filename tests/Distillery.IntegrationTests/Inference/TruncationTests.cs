using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Inference;

/// <summary>Texts longer than the context are cut in the middle, and the reply says so.</summary>
[Collection(SharedLlama.Name)]
public sealed class TruncationTests(TinyModelFixture fixture)
{
    [Theory]
    [InlineData(ClassifyMode.Score)]
    [InlineData(ClassifyMode.Generate)]
    public async Task A_text_longer_than_the_context_is_cut_in_the_middle_and_marked_truncated(ClassifyMode mode)
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var longText = "BEGINNING " + string.Concat(Enumerable.Repeat("and the middle goes on ", 300)) + " THE END";

        var response = await GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), [longText, "short"], mode)).ResponseAsync;

        Assert.True(response.Labels[0].Truncated);
        Assert.False(response.Labels[1].Truncated);
        Assert.Contains(response.Labels[0].Label_, new[] { "spam", "ham" });
        // The long text filled its sequence: prompt tokens up to the context, none beyond.
        Assert.InRange(response.PromptTokens, 2048 - 40, 2 * 2048);
    }
}
