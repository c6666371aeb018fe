using System.Diagnostics.Metrics;
using Distillery.Inference.Telemetry;

namespace Distillery.Inference.Engine;

/// <summary>
/// The tokens one call used, summed over its sequences (they run on the scheduler thread while the
/// caller reads the totals afterwards), and mirrored into the service's counters for the model.
/// </summary>
internal sealed class UsageCounter(InferenceTelemetry telemetry, string model)
{
    private readonly KeyValuePair<string, object?> _tag = InferenceTelemetry.ModelTag(model);
    private long _prompt;
    private long _cached;
    private long _evaluated;
    private long _generated;

    /// <summary>Prompt tokens, cached ones included.</summary>
    public long PromptTokens => Interlocked.Read(ref _prompt);

    public long CachedTokens => Interlocked.Read(ref _cached);

    /// <summary>Tokens the model ran for this call.</summary>
    public long EvaluatedTokens => Interlocked.Read(ref _evaluated);

    public long GeneratedTokens => Interlocked.Read(ref _generated);

    public void AddPrompt(int tokens) => Add(ref _prompt, tokens, telemetry.PromptTokens);

    public void AddCached(int tokens) => Add(ref _cached, tokens, telemetry.CachedTokens);

    /// <summary>The engine counts every decoded token itself; this is the call's share.</summary>
    public void AddEvaluated(int tokens) => Interlocked.Add(ref _evaluated, tokens);

    public void AddGenerated(int tokens) => Add(ref _generated, tokens, telemetry.GeneratedTokens);

    private void Add(ref long total, int tokens, Counter<long> counter)
    {
        Interlocked.Add(ref total, tokens);
        counter.Add(tokens, _tag);
    }
}
