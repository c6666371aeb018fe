using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;

namespace Distillery.UnitTests.Training.Encoders;

public sealed class OnnxSentenceEncoderTests
{
    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return dot / Math.Sqrt(aa * bb);
    }

    [Fact]
    public async Task Paraphrases_are_closer_than_an_unrelated_sentence_and_vectors_have_unit_length()
    {
        var encoder = await MiniLm.EncoderAsync();

        var vectors = encoder.Embed(["The cat sits on the mat", "A cat is sitting on a rug", "Interest rates rose again in the third quarter"], 128);

        Assert.Equal(384, encoder.Dimension);
        Assert.All(vectors, vector => Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 5));
        var paraphrase = Cosine(vectors[0], vectors[1]);
        var unrelated = Cosine(vectors[0], vectors[2]);
        // sentence-transformers gives 0.77 against about 0.05 for this pair (DEPENDENCIES.md).
        Assert.True(paraphrase > 0.6 && paraphrase > unrelated + 0.4, $"paraphrase {paraphrase}, unrelated {unrelated}");
    }

    [Fact]
    public async Task Padding_does_not_change_a_vector_a_text_gets_the_same_alone_and_beside_longer_texts()
    {
        var encoder = await MiniLm.EncoderAsync();
        const string Short = "Short text.";
        var longer = string.Join(' ', Enumerable.Repeat("a much longer sentence about the weather in the mountains", 6));

        var alone = encoder.Embed([Short], 64)[0];
        var batched = encoder.Embed([longer, Short, "medium length text here", longer + " more"], 64, batchSize: 4);

        Assert.Equal(alone.Length, batched[1].Length);
        Assert.True(alone.Zip(batched[1]).Max(pair => Math.Abs(pair.First - pair.Second)) < 1e-5);
        Assert.True(encoder.Embed([longer], 64)[0].Zip(batched[0]).Max(pair => Math.Abs(pair.First - pair.Second)) < 1e-5);
    }

    [Fact]
    public async Task Max_length_beyond_the_encoders_limit_is_refused_by_name()
    {
        var encoder = await MiniLm.EncoderAsync();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Embed(["text"], 513));

        Assert.Contains("max_length must be between 2 and its limit 512", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentenceEncoderEmbeddings(encoder, 1));
    }

    [Fact]
    public async Task A_missing_or_truncated_model_file_is_named()
    {
        var files = await MiniLm.FilesAsync();
        using var folder = new TempFolder();
        var truncated = Path.Combine(folder.Path, "model.onnx");
        await using (var source = File.OpenRead(files.ModelPath))
        await using (var target = File.Create(truncated))
        {
            var head = new byte[1 << 20];
            await source.ReadExactlyAsync(head);
            await target.WriteAsync(head);
        }

        var missing = await Assert.ThrowsAsync<EncoderFilesException>(() => OnnxSentenceEncoder.LoadAsync(files with { ModelPath = Path.Combine(folder.Path, "absent.onnx") }));
        var damaged = await Assert.ThrowsAsync<EncoderFilesException>(() => OnnxSentenceEncoder.LoadAsync(files with { ModelPath = truncated }));

        Assert.Contains("absent.onnx' does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains(truncated, damaged.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable ONNX model", damaged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_name_says_encoder_weights_and_max_length()
    {
        var encoder = await MiniLm.EncoderAsync();

        var provider = new SentenceEncoderEmbeddings(encoder, 256);

        Assert.Equal("all-minilm-l6-v2@4a64cee3d413/256", provider.Name);
        Assert.Equal(("all-minilm-l6-v2", "4a64cee3d413", 256), SentenceEncoderEmbeddings.Parse(provider.Name));
        Assert.Null(SentenceEncoderEmbeddings.Parse("hashed-projection-256"));
        Assert.NotEqual(provider.Name, new SentenceEncoderEmbeddings(encoder, 128).Name);
    }
}
