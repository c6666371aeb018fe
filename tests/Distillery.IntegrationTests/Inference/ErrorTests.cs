using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;
using Grpc.Core;
using Grpc.Net.Client;

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
            await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Inference(server.Channel).ClassifyAsync(classify).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Inference(server.Channel).EmbedAsync(embed).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await foreach (var chunk in GrpcClients.Inference(server.Channel).Generate(new GenerateRequest { Model = "no-such-model", Prompt = "x" }).All())
                {
                    Assert.Fail($"no chunk expected, got '{chunk.Text}'");
                }
            }),
        };

        Assert.All(errors, error =>
        {
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
            Assert.Contains("'no-such-model'", error.Status.Detail, StringComparison.Ordinal);
            Assert.Contains(InferenceServer.Model, error.Status.Detail, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(ClassifyMode.Score)]
    [InlineData(ClassifyMode.Generate)]
    public async Task An_empty_label_set_is_invalid_argument_naming_the_field(ClassifyMode mode)
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var request = TestCodebooks.Request(TestCodebooks.Build("Classify.", [], []), ["text"], mode);

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Inference(server.Channel).ClassifyAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("codebook.labels: ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_labels_and_a_grammar_that_does_not_parse_are_invalid_arguments()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var duplicate = TestCodebooks.Request(TestCodebooks.Build("Classify.", [("spam", "a"), ("spam", "b")], []), ["text"]);
        var grammar = new GenerateRequest { Model = InferenceServer.Model, Prompt = "x", Grammar = "root ::= undefined-rule" };

        var duplicated = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Inference(server.Channel).ClassifyAsync(duplicate).ResponseAsync);
        var unparsed = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var chunk in GrpcClients.Inference(server.Channel).Generate(grammar).All())
            {
                Assert.Fail($"no chunk expected, got '{chunk.Text}'");
            }
        });

        Assert.Equal(StatusCode.InvalidArgument, duplicated.StatusCode);
        Assert.Contains("unique", duplicated.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, unparsed.StatusCode);
        Assert.Contains("grammar", unparsed.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_queue_answers_resource_exhausted_and_takes_calls_again_once_it_drains()
    {
        await using var server = await InferenceServer.StartAsync(fixture, [.. LongGenerations.Settings, "--Distillery:Inference:Models:0:QueueCapacity=4"]);
        using var cancel = new CancellationTokenSource();
        var longGeneration = Drain(GrpcClients.Inference(server.Channel).Generate(LongGenerations.Request(), GrpcClients.Options(cancellationToken: cancel.Token)).All());
        while (server.Engine.BusySlots == 0)
        {
            await Task.Delay(2);
        }

        var queued = GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), ["a", "b", "c", "d"])).ResponseAsync;
        while (server.Engine.QueueLength < 4)
        {
            await Task.Delay(2);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), ["e"])).ResponseAsync);
        var tooBig = await Assert.ThrowsAsync<RpcException>(() =>
            GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), ["1", "2", "3", "4", "5"])).ResponseAsync);
        await cancel.CancelAsync();
        await Cancelled.By(() => longGeneration);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("queue", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, tooBig.StatusCode);
        Assert.Equal(4, (await queued).Labels.Count);
        Assert.Single((await GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), ["e"])).ResponseAsync).Labels);
    }

    private static async Task Drain(IAsyncEnumerable<GenerateChunk> chunks)
    {
        await foreach (var chunk in chunks)
        {
            _ = chunk;
        }
    }
}
