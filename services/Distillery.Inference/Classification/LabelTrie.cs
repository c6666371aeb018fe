namespace Distillery.Inference.Classification;

/// <summary>
/// The labels' tokens as a trie, for scoring every label after a prompt in one decode. The first
/// token of each label is scored from the prompt's own logits. A label of n tokens needs its
/// first n − 1 tokens decoded after the prompt, in a sequence of its own (a fork of the text's);
/// labels that begin alike share those tokens: a trie node is decoded once, as a token of every
/// fork below it, and its logits score the next token of each label that goes on through it.
/// </summary>
internal sealed class LabelTrie
{
    private LabelTrie(IReadOnlyList<int[]> labels, IReadOnlyList<Node> nodes, int forkCount)
    {
        Labels = labels;
        Nodes = nodes;
        ForkCount = forkCount;
    }

    /// <summary>Each label's tokens, in label order.</summary>
    public IReadOnlyList<int[]> Labels { get; }

    /// <summary>The tokens to decode after the prompt, shallowest first (a fork's positions must rise within a batch).</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>How many forks (labels of more than one token) the continuation needs.</summary>
    public int ForkCount { get; }

    /// <summary>The most tokens a label has.</summary>
    public int LongestLabel => Labels.Max(label => label.Length);

    /// <summary>
    /// A decoded token: at <see cref="Depth"/> (1 = right after the prompt), in the forks
    /// <see cref="Forks"/> (indices into the forks a text rents), and, from its logits, the
    /// next token of each label in <see cref="Next"/>.
    /// </summary>
    internal sealed record Node(int Token, int Depth, int[] Forks, (int Label, int Token)[] Next);

    public static LabelTrie Build(IReadOnlyList<int[]> labels)
    {
        if (labels.Any(label => label.Length == 0))
        {
            throw new ArgumentException("every label needs at least one token", nameof(labels));
        }

        var forkOf = new int[labels.Count];
        var forks = 0;
        for (var label = 0; label < labels.Count; label++)
        {
            forkOf[label] = labels[label].Length > 1 ? forks++ : -1;
        }

        var nodes = new List<Node>();
        var longest = labels.Max(label => label.Length);
        for (var depth = 1; depth < longest; depth++)
        {
            // Labels that go on past this depth, grouped by their first `depth` tokens.
            var groups = Enumerable.Range(0, labels.Count)
                .Where(label => labels[label].Length > depth)
                .GroupBy(label => string.Join(',', labels[label].Take(depth)), StringComparer.Ordinal);
            foreach (var group in groups)
            {
                var members = group.ToArray();
                nodes.Add(new Node(
                    labels[members[0]][depth - 1],
                    depth,
                    [.. members.Select(label => forkOf[label])],
                    [.. members.Select(label => (label, labels[label][depth]))]));
            }
        }

        return new LabelTrie(labels, nodes, forks);
    }
}
