using System.Text;
using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Inference;

/// <summary>Classify in GENERATE mode: greedy generation under a grammar of the label names.</summary>
[Collection(SharedLlama.Name)]
public sealed class GenerateModeTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Generate_returns_a_member_of_the_label_set_for_200_varied_texts_including_labels_that_share_a_prefix()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var codebook = TestCodebooks.SharedPrefixes();
        var labels = codebook.Labels.Select(label => label.Name).ToHashSet();

        var response = await GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(codebook, TestCodebooks.VariedTexts(200), ClassifyMode.Generate)).ResponseAsync;

        Assert.Equal(200, response.Labels.Count);
        Assert.All(response.Labels, label =>
        {
            Assert.Contains(label.Label_, labels);
            // The label is the concatenation of its generated tokens, each with a probability.
            Assert.Equal(label.Label_, string.Concat(label.Tokens.Select(token => token.Token)));
            Assert.All(label.Tokens, token => Assert.InRange(token.Probability, 1e-12, 1.0));
            Assert.Empty(label.Probabilities);
        });
        Assert.Equal(response.Labels.Sum(label => label.Tokens.Count), response.CompletionTokens);
        // The random model prefers some labels, but the grammar lets it reach more than one.
        Assert.True(response.Labels.Select(label => label.Label_).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Generate_stream_sends_the_answer_in_pieces_then_a_last_chunk_with_the_counts()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var request = new GenerateRequest { Model = InferenceServer.Model, Prompt = "The answer is", MaxTokens = 12, Grammar = """root ::= "yes" | "no" | "maybe" """ };

        var chunks = new List<GenerateChunk>();
        await foreach (var chunk in GrpcClients.Inference(server.Channel).Generate(request).All())
        {
            chunks.Add(chunk);
        }

        var free = new List<GenerateChunk>();
        await foreach (var chunk in GrpcClients.Inference(server.Channel).Generate(new GenerateRequest { Model = InferenceServer.Model, Prompt = "Once upon a time", MaxTokens = 10 }).All())
        {
            free.Add(chunk);
        }

        Assert.Contains(string.Concat(chunks.Select(chunk => chunk.Text)), new[] { "yes", "no", "maybe" });
        Assert.True(chunks[^1].Done);
        Assert.All(chunks[..^1], chunk => Assert.False(chunk.Done));
        Assert.Equal(fixture.Model.Vocabulary.Tokenize("The answer is", addSpecial: true, parseSpecial: true).Length, chunks[^1].PromptTokens);
        Assert.InRange(chunks[^1].CompletionTokens, 2, 5);
        Assert.InRange(free[^1].CompletionTokens, 1, 10);
        Assert.True(Encoding.UTF8.GetByteCount(string.Concat(free.Select(chunk => chunk.Text))) > 0);
    }
}
