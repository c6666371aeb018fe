using System.Diagnostics;
using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;
using Grpc.Net.Client;

namespace Distillery.IntegrationTests.Inference;

/// <summary>A cancelled call gives its slots and queue places back at the next step, not when its work would have ended.</summary>
[Collection(SharedLlama.Name)]
public sealed class CancellationTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Cancelling_a_generation_mid_stream_frees_its_slot_for_the_next_call()
    {
        await using var server = await InferenceServer.StartAsync(fixture, LongGenerations.Settings);
        using var cancel = new CancellationTokenSource();
        var request = LongGenerations.Request();
        var received = 0;
        var stream = GrpcClients.Inference(server.Channel).Generate(request, GrpcClients.Options(cancellationToken: cancel.Token)).All();
        await Cancelled.By(async () =>
        {
            await foreach (var chunk in stream)
            {
                if (++received == 3)
                {
                    Assert.Equal(1, server.Engine.BusySlots);
                    await cancel.CancelAsync();
                }
            }
        });

        var clock = Stopwatch.StartNew();
        while (server.Engine.BusySlots > 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(5);
        }

        Assert.Equal(0, server.Engine.BusySlots);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the slot was freed after {clock.Elapsed}");
        var next = await GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), ["after the cancelled one"]), GrpcClients.Options(TimeSpan.FromSeconds(30))).ResponseAsync;
        Assert.Single(next.Labels);
    }

    [Fact]
    public async Task Cancelling_a_classification_drops_its_queued_texts()
    {
        await using var server = await InferenceServer.StartAsync(fixture, "--Distillery:Inference:Models:0:ParallelSequences=2");
        using var cancel = new CancellationTokenSource();
        var call = GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), TestCodebooks.VariedTexts(300)), GrpcClients.Options(cancellationToken: cancel.Token)).ResponseAsync;
        var clock = Stopwatch.StartNew();
        while (server.Engine.QueueLength == 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(2);
        }

        Assert.True(server.Engine.QueueLength > 200, $"queue {server.Engine.QueueLength}");
        await cancel.CancelAsync();
        await Cancelled.By(() => call);

        clock.Restart();
        while ((server.Engine.QueueLength > 0 || server.Engine.BusySlots > 0) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(5);
        }

        Assert.Equal(0, server.Engine.QueueLength);
        Assert.Equal(0, server.Engine.BusySlots);
    }
}
