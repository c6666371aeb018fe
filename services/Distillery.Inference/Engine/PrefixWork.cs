namespace Distillery.Inference.Engine;

/// <summary>
/// Evaluates a prefix into its cache entry's own sequence, in chunks that share steps with the
/// other sequences; the texts bound to the entry wait for it and then copy it. Nobody awaits it:
/// failing marks the entry failed and its texts evaluate the prefix themselves. Its tokens count
/// towards the call whose text started it.
/// </summary>
internal sealed class PrefixWork : SequenceWork
{
    private readonly PrefixEntry _entry;
    private int _fed;
    private int _planned;

    /// <param name="entry">The entry to fill.</param>
    /// <param name="startedBy">The call whose text started the prefix: its evaluated tokens count towards it.</param>
    public PrefixWork(PrefixEntry entry, UsageCounter startedBy)
        : base(startedBy, CancellationToken.None)
    {
        _entry = entry;
        SequenceId = entry.SequenceId;
    }

    public override bool NeedsSlot => false;

    public override bool IsPrompting => true;

    public override void Plan(EngineStep step)
    {
        _planned = Math.Min(_entry.Length - _fed, step.Batch.Room);
        for (var i = 0; i < _planned; i++)
        {
            // No logits: nothing is read at a prefix, only its keys and values are kept.
            step.Batch.Add(_entry.Tokens[_fed + i], _fed + i, SequenceId, logits: false);
        }
    }

    public override void Consume(EngineStep step)
    {
        _fed += _planned;
        Usage.AddEvaluated(_planned);
        _planned = 0;
        if (_fed == _entry.Length)
        {
            _entry.State = PrefixState.Ready;
            Finish(static () => { });
        }
    }

    /// <summary>A prefix that failed is marked so (its texts evaluate it themselves) and leaves nothing half-evaluated in the cache.</summary>
    public override void Release(EngineStep step)
    {
        if (_entry.State != PrefixState.Ready)
        {
            _entry.State = PrefixState.Failed;
            step.Context.Memory.Remove(SequenceId);
        }
    }

    protected override void OnFailed(Exception error)
    {
        // Nobody awaits a prefix: its failure shows in the entry's state (see Release).
    }
}
