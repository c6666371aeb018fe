using Distillery.Inference.Configuration;
using Distillery.Inference.Telemetry;
using Distillery.Llama;
using Microsoft.Extensions.Logging;

namespace Distillery.Inference.Engine;

/// <summary>
/// One loaded model and the engine that serves it: a single llama.cpp context with a unified KV
/// cache of <see cref="ModelOptions.ParallelSequences"/> slots, cached prefixes and spare sequences
/// (256 sequences in all, llama.cpp's limit), mean pooling for embeddings, and its
/// <see cref="EngineScheduler"/> thread. Thread safe: calls from any thread queue their work.
/// </summary>
public sealed class ModelEngine : IEngineGauges, IDisposable
{
    /// <summary>llama.cpp's limit on sequences per context (LLAMA_MAX_SEQ).</summary>
    private const int MaxSequences = 256;

    private readonly InferenceTelemetry _telemetry;
    private readonly LlamaContext _context;
    private readonly EngineScheduler _scheduler;

    public ModelEngine(ModelOptions options, LlamaModel model, InferenceTelemetry telemetry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        Options = options;
        Model = model;
        _telemetry = telemetry;
        _context = model.CreateContext(new LlamaContextOptions
        {
            ContextSize = options.EffectiveKvCacheTokens,
            BatchSize = options.BatchSize,
            // One micro-batch per step: a pooled embedding must lie in a single micro-batch.
            MicroBatchSize = options.BatchSize,
            SequenceCount = MaxSequences,
            Threads = options.Threads,
            Pooling = LlamaPooling.Mean,
            UnifiedKvCache = true,
        });
        ContextLength = Math.Min(options.ContextLength, _context.ContextSize);
        ChatTemplate = options.ChatTemplate is { Length: > 0 } configured ? configured : model.ChatTemplate;
        ControlTokens = ControlTokenText.Of(model.Vocabulary);
        _scheduler = new EngineScheduler(
            options.Name,
            _context,
            new SchedulerSettings(options.ParallelSequences, ContextLength, options.QueueCapacity, options.PrefixCache, options.PrefixCacheEntries),
            telemetry,
            logger);
        telemetry.Track(options.Name, this);
    }

    public string Name => Options.Name;

    public ModelOptions Options { get; }

    public LlamaModel Model { get; }

    /// <summary>The most tokens one sequence holds: <see cref="ModelOptions.ContextLength"/>, or the KV cache when that is smaller.</summary>
    public int ContextLength { get; }

    /// <summary>The chat template prompts are formatted with: the configured one, else the model's; null when neither exists.</summary>
    public string? ChatTemplate { get; }

    /// <summary>The most tokens one step decodes: an embedded text must fit in it.</summary>
    public int BatchCapacity => _scheduler.BatchCapacity;

    /// <summary>Sequences lent to label forks: the most labels of several tokens one text can score.</summary>
    public int SpareSequences => _scheduler.SpareSequences;

    public int QueueLength => _scheduler.QueueLength;

    public int BusySlots => _scheduler.BusySlots;

    public int SlotCount => _scheduler.SlotCount;

    public EngineStatistics Statistics => _scheduler.Statistics;

    /// <summary>The texts of the vocabulary's control tokens, which document texts must not be able to spell.</summary>
    internal ControlTokenText ControlTokens { get; }

    internal UsageCounter NewUsage() => new(_telemetry, Name);

    internal void Submit(IReadOnlyCollection<SequenceWork> works) => _scheduler.Submit(works);

    public void Dispose()
    {
        _telemetry.Forget(Name);
        _scheduler.Dispose();
        _context.Dispose();
        Model.Dispose();
    }
}
