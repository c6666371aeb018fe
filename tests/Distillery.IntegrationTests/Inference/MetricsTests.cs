using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Distillery.Contracts.Grpc.V1;
using Distillery.Inference.Telemetry;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Inference;

/// <summary>The engine's metrics on the <c>Distillery.Inference</c> meter.</summary>
[Collection(SharedLlama.Name)]
public sealed class MetricsTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Tokens_batches_queue_slots_and_step_times_are_measured_per_model()
    {
        var measured = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meter) =>
        {
            if (instrument.Meter.Name == InferenceTelemetry.Name)
            {
                meter.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "model", Value: InferenceServer.Model })
                {
                    measured.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        await using var server = await InferenceServer.StartAsync(fixture);

        var response = await GrpcClients.Inference(server.Channel).ClassifyAsync(TestCodebooks.Request(TestCodebooks.SpamHam(), TestCodebooks.VariedTexts(4), ClassifyMode.Generate)).ResponseAsync;
        listener.RecordObservableInstruments();

        Assert.Equal(response.PromptTokens, measured["distillery_inference_prompt_tokens"]);
        Assert.Equal(response.CachedTokens, measured["distillery_inference_cached_tokens"]);
        Assert.Equal(response.CompletionTokens, measured["distillery_inference_generated_tokens"]);
        // The engine counts every token it decoded, padding of small prompt steps included.
        Assert.Equal(measured["distillery_inference_batch_size"], measured["distillery_inference_evaluated_tokens"]);
        Assert.InRange(measured["distillery_inference_evaluated_tokens"], response.EvaluatedTokens, response.EvaluatedTokens + 64);
        Assert.True(measured["distillery_inference_step_duration"] > 0);
        Assert.Equal(8, measured["distillery_inference_slots"]);
        Assert.Equal(0, measured["distillery_inference_slots_busy"]);
        Assert.Equal(0, measured["distillery_inference_queue_length"]);
        Assert.All(measured.Keys, name => Assert.StartsWith("distillery_inference_", name, StringComparison.Ordinal));
    }
}
