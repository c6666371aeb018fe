using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc;
using Distillery.Grpc.Client;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Inference;

/// <summary>Bad calls get the standard gRPC status, with a message that names the field.</summary>
[Collection(SharedLlama.Name)]
public sealed class ErrorTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task An_unknown_model_is_not_found_on_every_method()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var classify = TestCodebooks.Request(TestCodebooks.SpamHam(), ["text"], model: "no-such-model");
        var embed = new EmbedRequest { Model = "no-such-model", Texts = { "text" } };

        var errors = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => server.Channel.UnaryAsync<ClassifyResponse>(InferenceServer.InferenceService + "Classify", classify)),
            await Assert.ThrowsAsync<RpcException>(() => server.Channel.UnaryAsync<EmbedResponse>(InferenceServer.InferenceService + "Embed", embed)),
            await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await foreach (var chunk in server.Channel.ServerStreamingAsync<GenerateChunk>(InferenceServer.InferenceService + "Generate", new GenerateRequest { Model = "no-such-model", Prompt = "x" }))
                {
                    Assert.Fail($"no chunk expected, got '{chunk.Text}'");
                }
            }),
        };

        Assert.All(errors, error =>
        {
            Assert.Equal(StatusCode.NotFound, error.Status);
            Assert.Contains("'no-such-model'", error.Message, StringComparison.Ordinal);
            Assert.Contains(InferenceServer.Model, error.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(ClassifyMode.Score)]
    [InlineData(ClassifyMode.Generate)]
    public async Task An_empty_label_set_is_invalid_argument_naming_the_field(ClassifyMode mode)
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var request = TestCodebooks.Request(TestCodebooks.Build("Classify.", [], []), ["text"], mode);

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Channel.UnaryAsync<ClassifyResponse>(InferenceServer.InferenceService + "Classify", request));

        Assert.Equal(StatusCode.InvalidArgument, error.Status);
        Assert.StartsWith("codebook.labels: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_labels_and_a_grammar_that_does_not_parse_are_invalid_arguments()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var duplicate = TestCodebooks.Request(TestCodebooks.Build("Classify.", [("spam", "a"), ("spam", "b")], []), ["text"]);
        var grammar = new GenerateRequest { Model = InferenceServer.Model, Prompt = "x", Grammar = "root ::= undefined-rule" };

        var duplicated = await Assert.ThrowsAsync<RpcException>(() => server.Channel.UnaryAsync<ClassifyResponse>(InferenceServer.InferenceService + "Classify", duplicate));
        var unparsed = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var chunk in server.Channel.ServerStreamingAsync<GenerateChunk>(InferenceServer.InferenceService + "Generate", grammar))
            {
                Assert.Fail($"no chunk expected, got '{chunk.Text}'");
            }
        });

        Assert.Equal(StatusCode.InvalidArgument, duplicated.Status);
        Assert.Contains("unique", duplicated.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, unparsed.Status);
        Assert.Contains("grammar", unparsed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_queue_answers_resource_exhausted_and_takes_calls_again_once_it_drains()
    {
        await using var server = await InferenceServer.StartAsync(fixture, [.. LongGenerations.Settings, "--Distillery:Inference:Models:0:QueueCapacity=4"]);
        using var cancel = new CancellationTokenSource();
        var longGeneration = Drain(server.Channel.ServerStreamingAsync<GenerateChunk>(
            InferenceServer.InferenceService + "Generate", LongGenerations.Request(), new CallOptions(CancellationToken: cancel.Token)));
        while (server.Engine.BusySlots == 0)
        {
            await Task.Delay(2);
        }

        var queued = server.Channel.UnaryAsync<ClassifyResponse>(InferenceServer.InferenceService + "Classify", TestCodebooks.Request(TestCodebooks.SpamHam(), ["a", "b", "c", "d"]));
        while (server.Engine.QueueLength < 4)
        {
            await Task.Delay(2);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.UnaryAsync<ClassifyResponse>(InferenceServer.InferenceService + "Classify", TestCodebooks.Request(TestCodebooks.SpamHam(), ["e"])));
        var tooBig = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.UnaryAsync<ClassifyResponse>(InferenceServer.InferenceService + "Classify", TestCodebooks.Request(TestCodebooks.SpamHam(), ["1", "2", "3", "4", "5"])));
        await cancel.CancelAsync();
        await Cancelled.By(() => longGeneration);

        Assert.Equal(StatusCode.ResourceExhausted, refused.Status);
        Assert.Contains("queue", refused.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, tooBig.Status);
        Assert.Equal(4, (await queued).Labels.Count);
        Assert.Single((await server.Channel.UnaryAsync<ClassifyResponse>(InferenceServer.InferenceService + "Classify", TestCodebooks.Request(TestCodebooks.SpamHam(), ["e"]))).Labels);
    }

    private static async Task Drain(IAsyncEnumerable<GenerateChunk> chunks)
    {
        await foreach (var chunk in chunks)
        {
            _ = chunk;
        }
    }
}
