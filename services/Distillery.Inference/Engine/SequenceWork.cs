namespace Distillery.Inference.Engine;

/// <summary>
/// One unit of the scheduler's work: a text to score or answer, a generation, a prefix to cache,
/// a text to embed. The scheduler thread alone calls <see cref="Plan"/> (add this step's tokens to
/// the batch) and <see cref="Consume"/> (read their outputs after the decode), until
/// <see cref="IsDone"/>; then it frees the work's sequences and only then <see cref="Publish"/>es
/// its outcome, so a caller that has its answer finds the slot free again. A work ends exactly
/// once, with a result, an error or a cancellation, which its caller awaits.
/// </summary>
internal abstract class SequenceWork(UsageCounter usage, CancellationToken cancellationToken)
{
    private CancellationTokenRegistration _cancellation;
    private Action? _outcome;

    public UsageCounter Usage { get; } = usage;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The sequence the work runs in: its slot's, or a cached prefix's; -1 until admitted.</summary>
    public int SequenceId { get; set; } = -1;

    /// <summary>Whether it runs in one of the engine's slots (a cached prefix and an embedding do not).</summary>
    public virtual bool NeedsSlot => true;

    /// <summary>
    /// Still evaluating its prompt: planned after the sequences that decode a token or two per step,
    /// which are what keep answers flowing while long prompts take whatever room is left.
    /// </summary>
    public abstract bool IsPrompting { get; }

    public bool IsDone { get; private set; }

    public abstract void Plan(EngineStep step);

    public abstract void Consume(EngineStep step);

    /// <summary>Gives back what the work borrowed besides its own sequence (label forks).</summary>
    public virtual void Release(EngineStep step)
    {
    }

    /// <summary>Ends the work with an error for its caller (delivered by <see cref="Publish"/>).</summary>
    public void Fail(Exception error)
    {
        if (!IsDone)
        {
            IsDone = true;
            _outcome = () => OnFailed(error);
        }
    }

    /// <summary>Delivers the outcome to the caller, once; called when the work's sequences are free.</summary>
    public void Publish() => Interlocked.Exchange(ref _outcome, null)?.Invoke();

    public void Cancel() => Fail(new OperationCanceledException(CancellationToken));

    /// <summary>Wakes the scheduler when the caller cancels, so the slot is freed at the next step rather than when the work would have ended.</summary>
    public void OnCancellation(Action wake) => _cancellation = CancellationToken.Register(wake);

    public void StopWatchingCancellation() => _cancellation.Dispose();

    /// <summary>Ends the work; <paramref name="publish"/> hands its result to the caller, later, from <see cref="Publish"/>.</summary>
    protected void Finish(Action publish)
    {
        IsDone = true;
        _outcome = publish;
    }

    protected abstract void OnFailed(Exception error);
}
