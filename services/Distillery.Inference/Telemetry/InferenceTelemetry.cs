using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Distillery.Inference.Telemetry;

/// <summary>
/// The Inference service's meter (exported by the service defaults, which subscribe to
/// <c>Distillery.*</c>). Every instrument carries the model's name as the <c>model</c> tag; the
/// queue and slot gauges read each running engine when the exporter collects.
/// </summary>
public sealed class InferenceTelemetry : IDisposable
{
    public const string Name = "Distillery.Inference";

    private readonly Meter _meter = new(Name);
    private readonly ConcurrentDictionary<string, IEngineGauges> _engines = new(StringComparer.Ordinal);

    public InferenceTelemetry()
    {
        PromptTokens = _meter.CreateCounter<long>("distillery_inference_prompt_tokens", "{token}", "Prompt tokens of the sequences submitted, cached ones included");
        CachedTokens = _meter.CreateCounter<long>("distillery_inference_cached_tokens", "{token}", "Prompt tokens copied from the prompt-prefix cache instead of evaluated");
        GeneratedTokens = _meter.CreateCounter<long>("distillery_inference_generated_tokens", "{token}", "Tokens generated (answers, labels under a grammar, chat completions)");
        EvaluatedTokens = _meter.CreateCounter<long>("distillery_inference_evaluated_tokens", "{token}", "Tokens the model ran: the sum of all batch sizes");
        Rejected = _meter.CreateCounter<long>("distillery_inference_rejected_sequences", "{sequence}", "Sequences refused because the queue was full");
        BatchSize = _meter.CreateHistogram<int>(
            "distillery_inference_batch_size", "{token}", "Tokens per llama_decode step", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096] });
        StepDuration = _meter.CreateHistogram<double>(
            "distillery_inference_step_duration", "s", "Wall time of one scheduler step (one llama_decode and reading its outputs)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });
        _meter.CreateObservableGauge("distillery_inference_queue_length", () => Observe(engine => engine.QueueLength), "{sequence}", "Sequences waiting for a slot");
        _meter.CreateObservableGauge("distillery_inference_slots_busy", () => Observe(engine => engine.BusySlots), "{slot}", "Sequence slots in use");
        _meter.CreateObservableGauge("distillery_inference_slots", () => Observe(engine => engine.SlotCount), "{slot}", "Sequence slots configured");
    }

    internal Counter<long> PromptTokens { get; }

    internal Counter<long> CachedTokens { get; }

    internal Counter<long> GeneratedTokens { get; }

    internal Counter<long> EvaluatedTokens { get; }

    internal Counter<long> Rejected { get; }

    internal Histogram<int> BatchSize { get; }

    internal Histogram<double> StepDuration { get; }

    /// <summary>The tag every measurement of one model carries.</summary>
    internal static KeyValuePair<string, object?> ModelTag(string model) => new("model", model);

    internal void Track(string model, IEngineGauges engine) => _engines[model] = engine;

    internal void Forget(string model) => _engines.TryRemove(model, out _);

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> Observe(Func<IEngineGauges, int> read) =>
        _engines.Select(entry => new Measurement<int>(read(entry.Value), ModelTag(entry.Key)));
}
