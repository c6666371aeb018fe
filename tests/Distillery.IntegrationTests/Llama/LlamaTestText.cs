using Distillery.Llama;

namespace Distillery.IntegrationTests.Llama;

/// <summary>Small helpers the llama tests share: filling a batch with a prompt, copying logits, greedy generation.</summary>
internal static class LlamaTestText
{
    /// <summary>Adds <paramref name="tokens"/> to sequence <paramref name="sequenceId"/> from <paramref name="firstPosition"/>, logits for the last only (or for all).</summary>
    public static void AddSequence(this LlamaBatch batch, ReadOnlySpan<int> tokens, int sequenceId, int firstPosition = 0, bool logitsForAll = false)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], firstPosition + i, sequenceId, logitsForAll || i == tokens.Length - 1);
        }
    }

    /// <summary>Decodes <paramref name="tokens"/> as one sequence into a cleared context and returns a copy of the last token's logits.</summary>
    public static float[] LogitsAfter(LlamaContext context, int[] tokens, int sequenceId = 0)
    {
        using var batch = new LlamaBatch(tokens.Length);
        batch.AddSequence(tokens, sequenceId);
        context.Decode(batch);
        return context.GetLogits(tokens.Length - 1).ToArray();
    }

    /// <summary>Generates with <paramref name="sampler"/> after <paramref name="prompt"/> until end of generation or <paramref name="maxTokens"/>; returns the bytes produced.</summary>
    public static byte[] Generate(LlamaContext context, LlamaSampler sampler, string prompt, int maxTokens)
    {
        var vocabulary = context.Model.Vocabulary;
        var tokens = vocabulary.Tokenize(prompt);
        using var batch = new LlamaBatch(Math.Max(tokens.Length, 1));
        batch.AddSequence(tokens, 0);
        context.Decode(batch);
        var output = new List<byte>();
        for (var position = tokens.Length; position < tokens.Length + maxTokens; position++)
        {
            var next = sampler.Sample(context);
            if (vocabulary.IsEndOfGeneration(next))
            {
                break;
            }

            output.AddRange(vocabulary.TokenToPiece(next));
            batch.Clear();
            batch.Add(next, position, 0, logits: true);
            context.Decode(batch);
        }

        return [.. output];
    }

    public static float MaxAbsoluteDifference(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        Assert.Equal(left.Length, right.Length);
        var max = 0f;
        for (var i = 0; i < left.Length; i++)
        {
            max = Math.Max(max, Math.Abs(left[i] - right[i]));
        }

        return max;
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
