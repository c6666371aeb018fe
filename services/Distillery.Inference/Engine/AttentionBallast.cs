namespace Distillery.Inference.Engine;

/// <summary>
/// Pads a small step that evaluates prompts with throw-away tokens in a spare sequence, up to
/// 64 tokens. llama.cpp's CPU flash attention takes one of two kernels by the number of tokens
/// in the batch (GGML_FA_TILE_Q, 64): below it, one that accumulates in half precision, whose
/// logits differ from the other's in the third digit (seen here: 0.015 on logits near 10). A
/// text's scores would then depend on which texts happened to share its steps. Padded, every
/// prompt is evaluated by the same kernel, and a text scores the same alone, in company, from the
/// prefix cache or not. Steps that only generate (a token per sequence) are left as they are:
/// padding them would cost many times their work.
/// </summary>
internal static class AttentionBallast
{
    /// <summary>ggml's flash-attention query tile (GGML_FA_TILE_Q in ggml-cpu/common.h).</summary>
    public const int TileTokens = 64;

    /// <summary>Pads the step's batch when it is short of a tile; returns the sequence used, or null when nothing was added.</summary>
    public static int? Add(EngineStep step, bool outputs)
    {
        var missing = TileTokens - step.Batch.Count;
        if (step.Batch.Count == 0 || missing <= 0 || missing > step.Batch.Room || step.Spare.TryRent(1) is not [var sequence])
        {
            return null;
        }

        var token = Math.Max(0, step.Context.Model.Vocabulary.BeginningOfSequence);
        for (var position = 0; position < missing; position++)
        {
            step.Batch.Add(token, position, sequence, outputs);
        }

        return sequence;
    }

    public static void Remove(EngineStep step, int? sequence)
    {
        if (sequence is { } id)
        {
            step.Context.Memory.Remove(id);
            step.Spare.Return(id);
        }
    }
}
