namespace Distillery.Inference.Engine;

/// <summary>
/// A work in a slot that first evaluates a prompt, then answers from the logits of its last
/// token (scoring labels, generating). The prompt's prefix is copied from the cache when the
/// scheduler bound the work to a cache entry, once the entry is ready; the rest is fed in chunks,
/// as much per step as the batch has room for.
/// </summary>
internal abstract class PromptedWork(PromptTokens prompt, UsageCounter usage, CancellationToken cancellationToken)
    : SequenceWork(usage, cancellationToken)
{
    private PrefixEntry? _prefix;
    private int[] _feed = [.. prompt.Prefix, .. prompt.Suffix];
    private int _fed;
    private int _planned;
    private int _lastPromptIndex = -1;
    private bool _prompted;

    public PromptTokens Prompt { get; } = prompt;

    public override bool IsPrompting => !_prompted;

    /// <summary>The position the next token of the work's sequence takes.</summary>
    protected int Position { get; set; }

    /// <summary>How many prompt tokens came from the prefix cache.</summary>
    protected int CachedTokens { get; private set; }

    /// <summary>Takes the prompt's prefix from <paramref name="entry"/> instead of evaluating it.</summary>
    public void UsePrefix(PrefixEntry entry)
    {
        _prefix = entry;
        _feed = Prompt.Suffix;
    }

    public sealed override void Plan(EngineStep step)
    {
        if (_prompted)
        {
            PlanAnswer(step);
            return;
        }

        if (_prefix is { } entry)
        {
            if (entry.State == PrefixState.Evaluating)
            {
                return;
            }

            if (entry.State == PrefixState.Ready)
            {
                step.Context.Memory.Copy(entry.SequenceId, SequenceId, 0, entry.Length);
                Position = entry.Length;
                CachedTokens = entry.Length;
                Usage.AddCached(entry.Length);
            }
            else
            {
                _feed = [.. Prompt.Prefix, .. Prompt.Suffix];
            }

            entry.Waiting--;
            _prefix = null;
        }

        _planned = Math.Min(_feed.Length - _fed, step.Batch.Room);
        for (var i = 0; i < _planned; i++)
        {
            var last = _fed + i == _feed.Length - 1;
            var index = step.Batch.Add(_feed[_fed + i], Position + i, SequenceId, logits: last);
            if (last)
            {
                _lastPromptIndex = index;
            }
        }
    }

    public sealed override void Consume(EngineStep step)
    {
        if (_prompted)
        {
            ConsumeAnswer(step);
            return;
        }

        if (_planned == 0)
        {
            return;
        }

        _fed += _planned;
        Position += _planned;
        Usage.AddEvaluated(_planned);
        _planned = 0;
        if (_fed == _feed.Length)
        {
            _prompted = true;
            OnPrompted(step, _lastPromptIndex);
        }
    }

    /// <summary>Called when the prompt is in the KV cache, with the batch index of its last token's logits.</summary>
    protected abstract void OnPrompted(EngineStep step, int logitsIndex);

    protected abstract void PlanAnswer(EngineStep step);

    protected abstract void ConsumeAnswer(EngineStep step);

    /// <summary>Unbinds from a prefix entry it was still waiting for, so the entry can be evicted.</summary>
    public override void Release(EngineStep step)
    {
        if (_prefix is { } entry)
        {
            entry.Waiting--;
            _prefix = null;
        }
    }
}
