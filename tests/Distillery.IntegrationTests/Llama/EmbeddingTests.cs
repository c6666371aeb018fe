using Distillery.Llama;

namespace Distillery.IntegrationTests.Llama;

/// <summary>Sequence embeddings from a context with pooling.</summary>
[Collection(SharedLlama.Name)]
public sealed class EmbeddingTests(TinyModelFixture fixture)
{
    private static readonly LlamaContextOptions Pooled =
        TinyModelFixture.Options with { SequenceCount = 2, Embeddings = true, Pooling = LlamaPooling.Mean };

    [Fact]
    public void Mean_pooling_gives_each_sequence_the_mean_of_its_token_embeddings()
    {
        var vocabulary = fixture.Model.Vocabulary;
        var spam = vocabulary.Tokenize("buy now, this is spam");
        var ham = vocabulary.Tokenize("see you at the meeting");
        using var pooled = fixture.NewContext(Pooled);
        using var batch = new LlamaBatch(spam.Length + ham.Length);
        batch.AddSequence(spam, 0, logitsForAll: true);
        batch.AddSequence(ham, 1, logitsForAll: true);

        pooled.Decode(batch);
        var spamEmbedding = pooled.GetEmbeddings(0).ToArray();
        var hamEmbedding = pooled.GetEmbeddings(1).ToArray();

        Assert.Equal(LlamaPooling.Mean, pooled.Pooling);
        Assert.Equal(fixture.Model.EmbeddingOutputSize, spamEmbedding.Length);
        Assert.All(spamEmbedding.Concat(hamEmbedding), value => Assert.True(float.IsFinite(value)));
        Assert.True(LlamaTestText.MaxAbsoluteDifference(spamEmbedding, hamEmbedding) > 0.01f);

        // The same tokens through a context that keeps one embedding per token, averaged here.
        using var perToken = fixture.NewContext(Pooled with { SequenceCount = 1, Pooling = LlamaPooling.None });
        using var spamOnly = new LlamaBatch(spam.Length);
        spamOnly.AddSequence(spam, 0, logitsForAll: true);
        perToken.Decode(spamOnly);
        var mean = new float[spamEmbedding.Length];
        for (var i = 0; i < spam.Length; i++)
        {
            var token = perToken.GetTokenEmbeddings(i);
            for (var j = 0; j < mean.Length; j++)
            {
                mean[j] += token[j] / spam.Length;
            }
        }

        Assert.True(LlamaTestText.MaxAbsoluteDifference(spamEmbedding, mean) < 1e-4f);
    }

    [Fact]
    public void A_context_without_pooling_has_no_sequence_embedding()
    {
        using var context = fixture.NewContext(Pooled with { SequenceCount = 1, Pooling = LlamaPooling.None });
        var tokens = fixture.Model.Vocabulary.Tokenize("one embedding per token");
        using var batch = new LlamaBatch(tokens.Length);
        batch.AddSequence(tokens, 0, logitsForAll: true);
        context.Decode(batch);

        Assert.Throws<InvalidOperationException>(() => context.GetEmbeddings(0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => context.GetEmbeddings(1).Length);
    }
}
