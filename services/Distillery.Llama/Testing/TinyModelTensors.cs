namespace Distillery.Llama.Testing;

/// <summary>
/// The tensors llama.cpp's llama architecture loads (src/models/llama.cpp), with their shapes in
/// ggml order (the contiguous dimension first) and how each is initialised: norms to one, the
/// rest Gaussian with a spread of one over the square root of the fan-in, so every layer adds
/// about as much to the residual stream as the embedding holds and no activation blows up.
/// </summary>
internal static class TinyModelTensors
{
    /// <summary>One tensor: <see cref="Spread"/> 0 means all ones (a norm's weight).</summary>
    internal sealed record Plan(string Name, long Columns, long Rows, float Spread)
    {
        public bool IsNorm => Spread == 0f;

        public long Elements => Columns * Rows;
    }

    internal static List<Plan> For(TinyModelSpec spec, int vocabularySize)
    {
        var width = spec.EmbeddingSize;
        var keyValueWidth = spec.HeadSize * spec.KeyValueHeadCount;
        var plans = new List<Plan>
        {
            new("token_embd.weight", width, vocabularySize, 1f),
            new("output_norm.weight", width, 1, 0f),
            // A wider spread than the fan-in rule gives: logits a few units apart, so greedy
            // choices depend on the context rather than on rounding.
            new("output.weight", width, vocabularySize, 3f / MathF.Sqrt(width)),
        };
        for (var layer = 0; layer < spec.LayerCount; layer++)
        {
            var block = $"blk.{layer}.";
            plans.Add(new(block + "attn_norm.weight", width, 1, 0f));
            plans.Add(new(block + "attn_q.weight", width, width, FanIn(width)));
            plans.Add(new(block + "attn_k.weight", width, keyValueWidth, FanIn(width)));
            plans.Add(new(block + "attn_v.weight", width, keyValueWidth, FanIn(width)));
            plans.Add(new(block + "attn_output.weight", width, width, FanIn(width)));
            plans.Add(new(block + "ffn_norm.weight", width, 1, 0f));
            plans.Add(new(block + "ffn_gate.weight", width, spec.FeedForwardSize, FanIn(width)));
            plans.Add(new(block + "ffn_up.weight", width, spec.FeedForwardSize, FanIn(width)));
            plans.Add(new(block + "ffn_down.weight", spec.FeedForwardSize, width, FanIn(spec.FeedForwardSize)));
        }

        return plans;
    }

    private static float FanIn(int inputs) => 1f / MathF.Sqrt(inputs);
}
