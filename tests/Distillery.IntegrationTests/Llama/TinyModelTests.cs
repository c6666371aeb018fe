using System.Diagnostics;
using System.Security.Cryptography;
using Distillery.Llama;
using Distillery.Llama.Testing;

namespace Distillery.IntegrationTests.Llama;

/// <summary>The synthetic models: real GGUF files written by llama.cpp's GGUF writer, loaded back through the normal path.</summary>
[Collection(SharedLlama.Name)]
public sealed class TinyModelTests(TinyModelFixture fixture)
{
    [Fact]
    public void Tiny_model_is_a_gguf_file_loaded_with_the_shape_and_metadata_it_was_written_with()
    {
        using (var file = File.OpenRead(fixture.ModelPath))
        {
            var magic = new byte[4];
            file.ReadExactly(magic);
            Assert.Equal("GGUF"u8.ToArray(), magic);
        }

        var model = fixture.Model;
        var spec = TinyModelSpec.Tiny;
        Assert.Equal(fixture.ModelPath, model.Path);
        Assert.Equal(spec.EmbeddingSize, model.EmbeddingSize);
        Assert.Equal(spec.EmbeddingSize, model.EmbeddingOutputSize);
        Assert.Equal(spec.LayerCount, model.LayerCount);
        Assert.Equal(spec.HeadCount, model.HeadCount);
        Assert.Equal(spec.KeyValueHeadCount, model.KeyValueHeadCount);
        Assert.Equal(spec.ContextLength, model.TrainingContextLength);
        Assert.Equal(TinyVocabulary.Tokens.Count, model.Vocabulary.Count);
        Assert.Equal("llama", model.GetMetadata("general.architecture"));
        Assert.Equal(spec.Name, model.GetMetadata("general.name"));
        Assert.Equal("2", model.GetMetadata("llama.block_count"));
        Assert.Equal(spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), model.GetMetadata(TinyModelFactory.SeedKey));
        Assert.Null(model.GetMetadata("no.such.key"));
        Assert.Equal(TinyChatTemplate.ChatMl, model.ChatTemplate);
        Assert.Equal(TinyChatTemplate.ChatMl, model.GetMetadata("tokenizer.chat_template"));
        Assert.StartsWith("llama", model.Description, StringComparison.Ordinal);
        // Embeddings + output + per layer: q, k, v, o, gate, up, down and two norms.
        var width = spec.EmbeddingSize;
        var kvWidth = width / spec.HeadCount * spec.KeyValueHeadCount;
        var expectedParameters = (2L * width * model.Vocabulary.Count) + width +
            (spec.LayerCount * ((2L * width * width) + (2L * width * kvWidth) + (3L * width * spec.FeedForwardSize) + (2L * width)));
        Assert.Equal((ulong)expectedParameters, model.ParameterCount);
    }

    [Fact]
    public void Tiny_model_is_written_and_loaded_in_well_under_a_second()
    {
        // Measured here at about 0.1 s to write and 0.01 s to load; the bound leaves room for a busy machine.
        Assert.True(fixture.WriteTime < TimeSpan.FromSeconds(5), $"writing took {fixture.WriteTime}");
        Assert.True(fixture.LoadTime < TimeSpan.FromSeconds(5), $"loading took {fixture.LoadTime}");
        Assert.True(new FileInfo(fixture.ModelPath).Length < 1_000_000, "the tiny model should stay under 1 MB");
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_other_weights()
    {
        var first = Path.Combine(fixture.Folder, "seed-7-a.gguf");
        var second = Path.Combine(fixture.Folder, "seed-7-b.gguf");
        var other = Path.Combine(fixture.Folder, "seed-8.gguf");
        TinyModelFactory.Write(first);
        TinyModelFactory.Write(second);
        TinyModelFactory.Write(other, TinyModelSpec.Tiny with { Seed = 8 });

        Assert.Equal(SHA256.HashData(File.ReadAllBytes(first)), SHA256.HashData(File.ReadAllBytes(second)));
        Assert.Equal(new FileInfo(first).Length, new FileInfo(other).Length);
        Assert.NotEqual(SHA256.HashData(File.ReadAllBytes(first)), SHA256.HashData(File.ReadAllBytes(other)));
    }

    [Fact]
    public void The_benchmark_spec_makes_a_larger_f16_model_that_decodes()
    {
        var path = Path.Combine(fixture.Folder, "benchmark.gguf");
        var clock = Stopwatch.StartNew();
        using var model = TinyModelFactory.WriteAndLoad(path, TinyModelSpec.Benchmark);
        var elapsed = clock.Elapsed;

        Assert.Equal(8, model.LayerCount);
        Assert.Equal(512, model.EmbeddingSize);
        Assert.Equal(8, model.HeadCount);
        Assert.Equal("1", model.GetMetadata("general.file_type"));
        Assert.InRange(model.ParameterCount, 25_000_000UL, 26_000_000UL);
        // F16: two bytes a weight, and the norms in F32.
        Assert.InRange(new FileInfo(path).Length, 2L * (long)model.ParameterCount, (2L * (long)model.ParameterCount) + 1_000_000);
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"writing and loading took {elapsed}");

        using var context = model.CreateContext(TinyModelFixture.Options);
        var logits = LlamaTestText.LogitsAfter(context, model.Vocabulary.Tokenize("the user is positive"));
        Assert.Equal(model.Vocabulary.Count, logits.Length);
        Assert.All(logits, value => Assert.True(float.IsFinite(value)));
    }
}
