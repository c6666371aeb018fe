using System.Threading.Channels;
using Distillery.Inference.Engine;
using Distillery.Llama;

namespace Distillery.Inference.Generation;

/// <summary>
/// A sequence that generates after its prompt: each step decodes the token sampled in the step
/// before, until an end-of-generation token, the token limit or the end of the context. Tokens
/// are written to <see cref="Tokens"/> as they come; <see cref="Summary"/> ends the generation.
/// The sampler (greedy or at a temperature, under an optional grammar) is made on the caller's
/// thread, so a grammar that does not parse is the caller's argument error.
/// </summary>
internal sealed class GenerationWork : PromptedWork
{
    private readonly LlamaSampler _sampler;
    private readonly GenerationSettings _settings;
    private readonly bool _truncated;
    private readonly Channel<GeneratedToken> _tokens = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<GenerationSummary> _summary = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next = -1;
    private int _nextIndex = -1;
    private int _generated;

    public GenerationWork(LlamaModel model, PromptTokens prompt, GenerationSettings settings, bool truncated, UsageCounter usage, CancellationToken cancellationToken)
        : base(prompt, usage, cancellationToken)
    {
        _settings = settings;
        _truncated = truncated;
        _sampler = LlamaSampler.Create(model, settings.Temperature, settings.Seed, settings.Grammar);
    }

    public ChannelReader<GeneratedToken> Tokens => _tokens.Reader;

    public Task<GenerationSummary> Summary => _summary.Task;

    protected override void OnPrompted(EngineStep step, int logitsIndex) => Sample(step, logitsIndex);

    protected override void PlanAnswer(EngineStep step)
    {
        if (step.Batch.Room > 0)
        {
            _nextIndex = step.Batch.Add(_next, Position, SequenceId, logits: true);
        }
    }

    protected override void ConsumeAnswer(EngineStep step)
    {
        Position++;
        Usage.AddEvaluated(1);
        Sample(step, _nextIndex);
    }

    public override void Release(EngineStep step)
    {
        base.Release(step);
        _sampler.Dispose();
    }

    protected override void OnFailed(Exception error)
    {
        _sampler.Dispose();
        _tokens.Writer.TryComplete(error);
        _summary.TrySetFailure(error);
    }

    private void Sample(EngineStep step, int index)
    {
        var vocabulary = step.Context.Model.Vocabulary;
        var token = _sampler.Sample(step.Context, index);
        if (vocabulary.IsEndOfGeneration(token))
        {
            Complete(FinishReason.Stop);
            return;
        }

        var logits = step.Context.GetLogits(index);
        var normaliser = LogProbabilities.LogSumExp(logits);
        var alternatives = LogProbabilities.Top(logits, _settings.TopAlternatives, normaliser)
            .Select(top => new TokenAlternative(top.Token, vocabulary.TokenToPiece(top.Token), top.LogProbability))
            .ToArray();
        _generated++;
        Usage.AddGenerated(1);
        _tokens.Writer.TryWrite(new GeneratedToken(token, vocabulary.TokenToPiece(token), logits[token] - normaliser, alternatives));
        if (_generated >= _settings.MaxTokens || Position >= step.ContextLength)
        {
            Complete(FinishReason.Length);
            return;
        }

        _next = token;
    }

    private void Complete(FinishReason reason)
    {
        var summary = new GenerationSummary(reason, Prompt.Length, CachedTokens, _generated, _truncated);
        Finish(() =>
        {
            _tokens.Writer.TryComplete();
            _summary.TrySetResult(summary);
        });
    }
}
