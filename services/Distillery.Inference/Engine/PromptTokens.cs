namespace Distillery.Inference.Engine;

/// <summary>
/// A sequence's prompt in two parts: a <see cref="Prefix"/> many sequences share (cacheable under
/// <see cref="PrefixKey"/>) and its own <see cref="Suffix"/>, never empty, because the logits a
/// sequence reads come from its last prompt token, which a copied prefix does not provide.
/// </summary>
internal sealed class PromptTokens
{
    public PromptTokens(int[] prefix, int[] suffix, string? prefixKey)
    {
        if (suffix.Length == 0)
        {
            if (prefix.Length == 0)
            {
                throw new ArgumentException("a prompt needs at least one token", nameof(suffix));
            }

            (prefix, suffix) = (prefix[..^1], prefix[^1..]);
            prefixKey = null;
        }

        Prefix = prefix;
        Suffix = suffix;
        PrefixKey = prefix.Length > 0 ? prefixKey : null;
    }

    public int[] Prefix { get; }

    public int[] Suffix { get; }

    /// <summary>The cache key of <see cref="Prefix"/>; null when it is not to be cached.</summary>
    public string? PrefixKey { get; }

    public int Length => Prefix.Length + Suffix.Length;

    /// <summary>A prompt nothing shares: evaluated whole by its own sequence.</summary>
    public static PromptTokens Uncached(int[] tokens) => new([], tokens, null);
}
