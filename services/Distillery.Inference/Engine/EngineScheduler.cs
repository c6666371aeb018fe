using System.Collections.Concurrent;
using System.Diagnostics;
using Distillery.Inference.Embeddings;
using Distillery.Inference.Telemetry;
using Distillery.Llama;
using Microsoft.Extensions.Logging;

namespace Distillery.Inference.Engine;

/// <summary>
/// The thread that owns one model's context and runs it in the manner of llama.cpp's server: a
/// fixed number of slots (sequences of the one context), and each step one <c>llama_decode</c> over
/// a batch that merges the pending work of every running sequence, whichever call it came from
/// (continuous batching): first a token for each sequence that is answering, then as many prompt
/// tokens, oldest first, as the batch has room for. A text joins as soon as a slot is free and
/// leaves when it is done, without waiting for the others of its call. Sequences start from a
/// cached prefix when their prompt has one (<see cref="PrefixCache"/>). Calls wait in a bounded
/// queue; a cancelled call's sequences are freed at the next step.
/// </summary>
/// <remarks>
/// Sequence ids: slots take 0 to slots − 1, cached prefixes the next ones, and the rest are spare
/// ids lent to label forks and embeddings.
/// </remarks>
internal sealed class EngineScheduler : IDisposable
{
    private readonly LlamaContext _context;
    private readonly StepBatch _batch;
    private readonly EngineStep _step;
    private readonly PrefixCache? _prefixes;
    private readonly SequenceWork?[] _slots;
    private readonly List<SequenceWork> _running = [];
    private readonly List<SequenceWork> _planned = [];
    private readonly LinkedList<SequenceWork> _waiting = new();
    private readonly LinkedList<EmbeddingWork> _embeddings = new();
    private readonly ConcurrentQueue<SequenceWork> _incoming = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly InferenceTelemetry _telemetry;
    private readonly KeyValuePair<string, object?> _modelTag;
    private readonly ILogger _logger;
    private readonly int _queueCapacity;
    private readonly string _model;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _queued;
    private int _busy;
    private long _steps;
    private long _decodedTokens;

    public EngineScheduler(string model, LlamaContext context, SchedulerSettings settings, InferenceTelemetry telemetry, ILogger logger)
    {
        _model = model;
        _context = context;
        _telemetry = telemetry;
        _modelTag = InferenceTelemetry.ModelTag(model);
        _logger = logger;
        _queueCapacity = settings.QueueCapacity;
        _slots = new SequenceWork?[settings.Slots];
        var prefixEntries = settings.PrefixCache ? settings.PrefixCacheEntries : 0;
        if (prefixEntries > 0)
        {
            _prefixes = new PrefixCache(settings.Slots, prefixEntries);
        }

        var firstSpare = settings.Slots + prefixEntries;
        var spare = new SequencePool(firstSpare, context.SequenceCount - firstSpare);
        // A prompt's last token may belong to its sequence and to a fork per label.
        _batch = new StepBatch(context.BatchSize, spare.Capacity + 1);
        _step = new EngineStep(context, _batch, spare) { ContextLength = settings.ContextLength };
        _thread = new Thread(Run) { IsBackground = true, Name = $"llama {model}" };
        _thread.Start();
    }

    public int SlotCount => _slots.Length;

    public int BusySlots => Volatile.Read(ref _busy);

    public int QueueLength => Math.Max(0, Volatile.Read(ref _queued));

    /// <summary>Spare sequences: the most label forks one text can hold at once.</summary>
    public int SpareSequences => _step.Spare.Capacity;

    /// <summary>The most tokens one step decodes.</summary>
    public int BatchCapacity => _batch.Capacity;

    public EngineStatistics Statistics => new(
        Interlocked.Read(ref _steps), Interlocked.Read(ref _decodedTokens), BusySlots, QueueLength, _prefixes?.Count ?? 0);

    /// <summary>
    /// Queues the works of one call, all or none: when they would overfill the queue the call is
    /// refused with <see cref="InferenceOverloadedException"/>.
    /// </summary>
    public void Submit(IReadOnlyCollection<SequenceWork> works)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (works.Count > _queueCapacity)
        {
            throw new ArgumentException(
                $"model '{_model}' queues at most {_queueCapacity} sequences and this call has {works.Count}: split it into smaller calls");
        }

        if (Interlocked.Add(ref _queued, works.Count) > _queueCapacity)
        {
            Interlocked.Add(ref _queued, -works.Count);
            _telemetry.Rejected.Add(works.Count, _modelTag);
            throw new InferenceOverloadedException(
                $"the queue of model '{_model}' is full ({_queueCapacity} sequences waiting for {_slots.Length} slots); retry later");
        }

        foreach (var work in works)
        {
            work.OnCancellation(_wake.Set);
            _incoming.Enqueue(work);
        }

        _wake.Set();
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join();
        _batch.Dispose();
        _wake.Dispose();
    }

    private void Run()
    {
        while (!_stopping)
        {
            // Reset before looking at the queue: a submission after this point sets it again.
            _wake.Reset();
            bool worked;
            try
            {
                worked = Step();
            }
            catch (Exception e)
            {
                // A fault of the engine itself, not of one sequence: every sequence in flight fails
                // with it and the cache starts clean, so the next calls are served.
                _logger.LogError(e, "The engine of model {Model} failed a step; failing the sequences in flight", _model);
                FailAll(e);
                _context.Memory.Clear();
                worked = true;
            }

            if (!worked)
            {
                _wake.Wait();
            }
        }

        FailAll(new ObjectDisposedException(nameof(EngineScheduler), $"the engine of model '{_model}' is shutting down"));
    }

    /// <summary>One step; false when there was nothing to do.</summary>
    private bool Step()
    {
        TakeIncoming();
        DropCancelled();
        Admit();
        var started = Stopwatch.GetTimestamp();
        if (_embeddings.Count > 0)
        {
            EmbeddingStep();
            Record(started);
            return true;
        }

        PlanStep();
        if (_batch.Count == 0)
        {
            return false;
        }

        var ballast = _planned.Any(work => work.IsPrompting) ? AttentionBallast.Add(_step, outputs: false) : null;
        try
        {
            if (Decode())
            {
                foreach (var work in _planned)
                {
                    work.Consume(_step);
                }
            }
        }
        finally
        {
            AttentionBallast.Remove(_step, ballast);
        }

        foreach (var work in _planned.Where(work => work.IsDone).ToList())
        {
            Free(work);
        }

        Record(started);
        return true;
    }

    private void TakeIncoming()
    {
        while (_incoming.TryDequeue(out var work))
        {
            if (work is EmbeddingWork embedding)
            {
                _embeddings.AddLast(embedding);
            }
            else
            {
                _waiting.AddLast(work);
            }
        }
    }

    private void DropCancelled()
    {
        foreach (var work in _running.Where(work => work.CancellationToken.IsCancellationRequested).ToList())
        {
            work.Cancel();
            Free(work);
        }

        DropCancelled(_waiting);
        DropCancelled(_embeddings);
    }

    private void DropCancelled<T>(LinkedList<T> queue)
        where T : SequenceWork
    {
        for (var node = queue.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.CancellationToken.IsCancellationRequested)
            {
                queue.Remove(node);
                Interlocked.Decrement(ref _queued);
                node.Value.StopWatchingCancellation();
                node.Value.Cancel();
                node.Value.Publish();
            }

            node = next;
        }
    }

    /// <summary>Gives free slots to waiting works, oldest first, binding each to its prompt's cached prefix.</summary>
    private void Admit()
    {
        for (var slot = 0; slot < _slots.Length && _waiting.First is { } first; slot++)
        {
            if (_slots[slot] is not null)
            {
                continue;
            }

            var work = first.Value;
            _waiting.RemoveFirst();
            Interlocked.Decrement(ref _queued);
            work.SequenceId = slot;
            _slots[slot] = work;
            Interlocked.Increment(ref _busy);
            _running.Add(work);
            if (_prefixes is not null && work is PromptedWork prompted && prompted.Prompt.PrefixKey is { } key)
            {
                var entry = _prefixes.Bind(key, prompted.Prompt.Prefix, work.Usage, _context.Memory, out var evaluate);
                if (entry is not null)
                {
                    prompted.UsePrefix(entry);
                }

                if (evaluate is not null)
                {
                    _running.Add(evaluate);
                }
            }
        }
    }

    /// <summary>
    /// Fills the batch: a token or a few for every answering sequence first (they are what callers
    /// wait on token by token), then prefixes being cached (texts wait on them), then prompts in
    /// the order their works were admitted.
    /// </summary>
    private void PlanStep()
    {
        _batch.Clear();
        _planned.Clear();
        foreach (var work in _running.Where(work => !work.IsPrompting))
        {
            Plan(work);
        }

        foreach (var work in _running.Where(work => work.IsPrompting && work is PrefixWork))
        {
            Plan(work);
        }

        foreach (var work in _running.Where(work => work.IsPrompting && work is not PrefixWork))
        {
            Plan(work);
        }
    }

    private void Plan(SequenceWork work)
    {
        var before = _batch.Count;
        work.Plan(_step);
        if (_batch.Count > before)
        {
            _planned.Add(work);
        }
    }

    /// <summary>
    /// Decodes the batch. A full KV cache first gives up the cached prefixes nobody waits for and
    /// tries again; if it is still full, the step's works fail as overloaded. False when they failed.
    /// </summary>
    private bool Decode()
    {
        try
        {
            try
            {
                _context.Decode(_batch.Native);
            }
            catch (LlamaDecodeException e) when (e.IsCacheFull && _prefixes is not null && _prefixes.EvictIdle(_context.Memory) > 0)
            {
                _logger.LogInformation("The KV cache of model {Model} is full: dropped the idle cached prefixes and decoding again", _model);
                _context.Decode(_batch.Native);
            }

            Interlocked.Add(ref _decodedTokens, _batch.Count);
            return true;
        }
        catch (LlamaDecodeException e)
        {
            Exception error = e.IsCacheFull
                ? new InferenceOverloadedException($"the KV cache of model '{_model}' is full; retry later or give the model more KvCacheTokens", e)
                : e;
            _logger.LogWarning(e, "llama_decode failed for a batch of {Tokens} tokens of model {Model}", _batch.Count, _model);
            foreach (var work in _planned)
            {
                work.Fail(error);
            }

            return false;
        }
    }

    /// <summary>
    /// Embeds as many waiting texts as fit in one batch, each whole in a spare sequence: the context
    /// is switched to pooled embeddings for this one decode, which leaves the other sequences' KV
    /// entries as they are.
    /// </summary>
    private void EmbeddingStep()
    {
        _batch.Clear();
        _planned.Clear();
        for (var node = _embeddings.First; node is not null;)
        {
            var next = node.Next;
            var work = node.Value;
            if (work.Tokens.Length > _batch.Room || _step.Spare.TryRent(1) is not [var sequence])
            {
                break;
            }

            _embeddings.Remove(node);
            Interlocked.Decrement(ref _queued);
            work.SequenceId = sequence;
            Plan(work);
            node = next;
        }

        // In an embedding step every token is an output, the padding's too.
        var ballast = AttentionBallast.Add(_step, outputs: true);
        _context.SetEmbeddings(true);
        try
        {
            if (Decode())
            {
                foreach (var work in _planned)
                {
                    work.Consume(_step);
                }
            }
        }
        finally
        {
            _context.SetEmbeddings(false);
            AttentionBallast.Remove(_step, ballast);
            foreach (var work in _planned)
            {
                _context.Memory.Remove(work.SequenceId);
                _step.Spare.Return(work.SequenceId);
                work.StopWatchingCancellation();
                work.Publish();
            }
        }
    }

    /// <summary>Frees a work that is done (its borrowed sequences, then its slot's sequence and the slot), then tells its caller.</summary>
    private void Free(SequenceWork work)
    {
        work.Release(_step);
        work.StopWatchingCancellation();
        _running.Remove(work);
        if (work.NeedsSlot)
        {
            _context.Memory.Remove(work.SequenceId);
            _slots[work.SequenceId] = null;
            Interlocked.Decrement(ref _busy);
        }

        work.Publish();
    }

    private void FailAll(Exception error)
    {
        TakeIncoming();
        foreach (var work in _running.ToList())
        {
            work.Fail(error);
            Free(work);
        }

        foreach (var work in _waiting.Concat<SequenceWork>(_embeddings))
        {
            Interlocked.Decrement(ref _queued);
            work.StopWatchingCancellation();
            work.Fail(error);
            work.Publish();
        }

        _waiting.Clear();
        _embeddings.Clear();
    }

    private void Record(long started)
    {
        Interlocked.Increment(ref _steps);
        _telemetry.BatchSize.Record(_batch.Count, _modelTag);
        _telemetry.EvaluatedTokens.Add(_batch.Count, _modelTag);
        _telemetry.StepDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _modelTag);
    }
}
