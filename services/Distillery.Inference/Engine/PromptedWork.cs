namespace Distillery.Inference.Engine;

/// <summary>
/// A work in a slot that first evaluates a prompt, then answers from the logits of its last
/// token (scoring labels, generating). The prompt's prefix is copied from the cache when the
/// scheduler bound the work to a cache entry, once the entry is ready; the rest is fed in chunks,
/// as much per step as the batch has room for. A work may add tokens of its answer to the step
/// that ends its prompt (<see cref="TailTokens"/>): scoring decodes its labels' tokens there, in
/// forks the prompt's last chunk also belongs to, so a text is scored in the step its prompt ends.
/// </summary>
internal abstract class PromptedWork(PromptTokens prompt, UsageCounter usage, CancellationToken cancellationToken)
    : SequenceWork(usage, cancellationToken)
{
    private PrefixEntry? _prefix;
    private int[] _feed = [.. prompt.Prefix, .. prompt.Suffix];
    private int _fed;
    private int _planned;
    private bool _plannedEnd;
    private int _lastPromptIndex = -1;
    private bool _prompted;

    public PromptTokens Prompt { get; } = prompt;

    public override bool IsPrompting => !_prompted;

    /// <summary>The position the next token of the work's sequence takes.</summary>
    protected int Position { get; set; }

    /// <summary>How many prompt tokens came from the prefix cache.</summary>
    protected int CachedTokens { get; private set; }

    /// <summary>Tokens the work adds after its prompt in the step that ends the prompt.</summary>
    protected virtual int TailTokens => 0;

    /// <summary>Takes the prompt's prefix from <paramref name="entry"/> instead of evaluating it.</summary>
    public void UsePrefix(PrefixEntry entry)
    {
        _prefix = entry;
        _feed = Prompt.Suffix;
    }

    public sealed override void Plan(EngineStep step)
    {
        _planned = 0;
        _plannedEnd = false;
        if (_prompted)
        {
            PlanAnswer(step);
            return;
        }

        if (!TakePrefix(step))
        {
            return;
        }

        var remaining = _feed.Length - _fed;
        var room = step.Batch.Room;
        // The prompt's end comes with its tail or not at all; a chunk before it leaves it one token.
        if (remaining + TailTokens <= room && EndSequences(step) is { } sequences)
        {
            _planned = remaining;
            _plannedEnd = true;
            AddTokens(step, sequences);
            PlanTail(step, Position + remaining);
        }
        else
        {
            _planned = Math.Min(remaining - 1, room);
            AddTokens(step, [SequenceId]);
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
        if (_plannedEnd)
        {
            _prompted = true;
            OnPrompted(step, _lastPromptIndex);
        }
    }

    /// <summary>Unbinds from a prefix entry it was still waiting for, so the entry can be evicted.</summary>
    public override void Release(EngineStep step)
    {
        if (_prefix is { } entry)
        {
            entry.Waiting--;
            _prefix = null;
        }
    }

    /// <summary>
    /// The sequences the prompt's last chunk belongs to: the work's own, and any forks of it the
    /// tail decodes in (already holding the prompt so far); null to wait for a later step.
    /// </summary>
    protected virtual int[]? EndSequences(EngineStep step) => [SequenceId];

    /// <summary>Adds the tail after the prompt's last chunk, from <paramref name="position"/> on.</summary>
    protected virtual void PlanTail(EngineStep step, int position)
    {
    }

    /// <summary>Called when the prompt (and its tail) has been decoded, with the batch index of the prompt's last token's logits.</summary>
    protected abstract void OnPrompted(EngineStep step, int logitsIndex);

    protected abstract void PlanAnswer(EngineStep step);

    protected abstract void ConsumeAnswer(EngineStep step);

    /// <summary>Copies the cached prefix in once it is ready; false while it is still being evaluated.</summary>
    private bool TakePrefix(EngineStep step)
    {
        if (_prefix is not { } entry)
        {
            return true;
        }

        switch (entry.State)
        {
            case PrefixState.Evaluating:
                return false;
            case PrefixState.Ready:
                step.Context.Memory.Copy(entry.SequenceId, SequenceId, 0, entry.Length);
                Position = entry.Length;
                CachedTokens = entry.Length;
                Usage.AddCached(entry.Length);
                break;
            default:
                // The prefix failed to evaluate: this text evaluates it itself.
                _feed = [.. Prompt.Prefix, .. Prompt.Suffix];
                break;
        }

        entry.Waiting--;
        _prefix = null;
        return true;
    }

    private void AddTokens(EngineStep step, ReadOnlySpan<int> sequences)
    {
        for (var i = 0; i < _planned; i++)
        {
            var last = _plannedEnd && i == _planned - 1;
            var index = step.Batch.Add(_feed[_fed + i], Position + i, sequences, logits: last);
            if (last)
            {
                _lastPromptIndex = index;
            }
        }
    }
}
