using System.Threading.Channels;
using Distillery.Inference.Engine;

namespace Distillery.Inference.Generation;

/// <summary>
/// A generation under way: its tokens as they come, then how it ended (the summary fails or is
/// cancelled with the generation). The token counts so far can be read at any time, also after
/// the caller cancelled it (at a stop string, say).
/// </summary>
public sealed class LiveGeneration
{
    private readonly ChannelReader<GeneratedToken> _tokens;
    private readonly UsageCounter _usage;

    internal LiveGeneration(ChannelReader<GeneratedToken> tokens, Task<GenerationSummary> summary, UsageCounter usage)
    {
        _tokens = tokens;
        _usage = usage;
        Summary = summary;
    }

    public int PromptTokens => (int)_usage.PromptTokens;

    /// <summary>Of <see cref="PromptTokens"/>, those copied from the prefix cache (known once the prompt started).</summary>
    public int CachedTokens => (int)_usage.CachedTokens;

    public Task<GenerationSummary> Summary { get; }

    public IAsyncEnumerable<GeneratedToken> ReadAllAsync(CancellationToken cancellationToken = default) => _tokens.ReadAllAsync(cancellationToken);
}
