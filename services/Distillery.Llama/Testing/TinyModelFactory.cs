using Distillery.Llama.Native;

namespace Distillery.Llama.Testing;

/// <summary>
/// Synthesises a llama-architecture GGUF model with seeded random weights, the
/// <see cref="TinyVocabulary"/> and the ChatML <see cref="TinyChatTemplate"/>, written as a real
/// file by llama.cpp's own GGUF writer and loaded back through <see cref="LlamaModel.Load"/>,
/// the path a real model takes. No model can be downloaded here, so every inference test and
/// the benchmark run on one of these: the outputs are meaningless, but the shapes, the
/// tokeniser, the cache and the sampling are llama.cpp's real ones.
/// </summary>
public static class TinyModelFactory
{
    /// <summary>Metadata key holding the seed the weights were drawn with.</summary>
    public const string SeedKey = "distillery.synthetic.seed";

    /// <summary>Writes the model <paramref name="spec"/> describes (default <see cref="TinyModelSpec.Tiny"/>) to <paramref name="path"/>.</summary>
    public static void Write(string path, TinyModelSpec? spec = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        spec ??= TinyModelSpec.Tiny;
        spec.Validate();
        var tokens = TinyVocabulary.Tokens;
        var plans = TinyModelTensors.For(spec, tokens.Count);
        var matrixType = spec.Precision == TinyModelPrecision.F16 ? GgmlType.F16 : GgmlType.F32;
        GgmlType TypeOf(TinyModelTensors.Plan plan) => plan.IsNorm ? GgmlType.F32 : matrixType;

        using var file = new GgufFileBuilder(GgufFileBuilder.PoolBytesFor(plans.Select(p => (TypeOf(p), p.Columns, p.Rows))));
        WriteMetadata(file, spec, tokens.Count);
        foreach (var plan in plans)
        {
            file.AddTensor(plan.Name, TypeOf(plan), plan.Columns, plan.Rows, values =>
            {
                if (plan.IsNorm)
                {
                    values.Fill(1f);
                }
                else
                {
                    SeededGaussian.Fill(values, spec.Seed, plan.Name, plan.Spread);
                }
            });
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        file.WriteTo(path);
    }

    /// <summary>Writes the model to <paramref name="path"/> and loads it.</summary>
    public static LlamaModel WriteAndLoad(string path, TinyModelSpec? spec = null, LlamaModelOptions? options = null)
    {
        Write(path, spec);
        return LlamaModel.Load(path, options);
    }

    private static void WriteMetadata(GgufFileBuilder file, TinyModelSpec spec, int vocabularySize)
    {
        file.Set("general.architecture", "llama");
        file.Set("general.name", spec.Name);
        // llama_ftype: 0 all F32, 1 mostly F16.
        file.Set("general.file_type", spec.Precision == TinyModelPrecision.F16 ? 1u : 0u);
        file.Set(SeedKey, (uint)(spec.Seed & uint.MaxValue));
        file.Set("llama.vocab_size", (uint)vocabularySize);
        file.Set("llama.context_length", (uint)spec.ContextLength);
        file.Set("llama.embedding_length", (uint)spec.EmbeddingSize);
        file.Set("llama.block_count", (uint)spec.LayerCount);
        file.Set("llama.feed_forward_length", (uint)spec.FeedForwardSize);
        file.Set("llama.attention.head_count", (uint)spec.HeadCount);
        file.Set("llama.attention.head_count_kv", (uint)spec.KeyValueHeadCount);
        file.Set("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        file.Set("llama.rope.freq_base", 10000f);
        file.Set("llama.rope.dimension_count", (uint)spec.HeadSize);

        var tokens = TinyVocabulary.Tokens;
        file.Set("tokenizer.ggml.model", "llama");
        file.Set("tokenizer.ggml.tokens", tokens.Select(t => t.Text).ToList());
        file.Set("tokenizer.ggml.scores", tokens.Select(t => t.Score).ToList());
        file.Set("tokenizer.ggml.token_type", tokens.Select(t => t.Type).ToList());
        file.Set("tokenizer.ggml.unknown_token_id", (uint)TinyVocabulary.IdOf(TinyVocabulary.Unknown));
        file.Set("tokenizer.ggml.bos_token_id", (uint)TinyVocabulary.IdOf(TinyVocabulary.BeginningOfSequence));
        file.Set("tokenizer.ggml.eos_token_id", (uint)TinyVocabulary.IdOf(TinyVocabulary.EndOfSequence));
        file.Set("tokenizer.ggml.eot_token_id", (uint)TinyVocabulary.IdOf(TinyVocabulary.TurnEnd));
        file.Set("tokenizer.ggml.add_bos_token", true);
        file.Set("tokenizer.ggml.add_eos_token", false);
        file.Set("tokenizer.chat_template", TinyChatTemplate.ChatMl);
    }
}
