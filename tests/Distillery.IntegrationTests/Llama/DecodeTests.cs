using System.Diagnostics;
using Distillery.Llama;

namespace Distillery.IntegrationTests.Llama;

/// <summary>Decoding batches on the tiny model: logits, determinism, greedy sampling, and llama.cpp's refusals as exceptions.</summary>
[Collection(SharedLlama.Name)]
public sealed class DecodeTests(TinyModelFixture fixture)
{
    [Fact]
    public void Decode_gives_finite_logits_over_the_whole_vocabulary_for_each_token_that_asks()
    {
        using var context = fixture.NewContext();
        var tokens = fixture.Model.Vocabulary.Tokenize("the user is positive");
        using var batch = new LlamaBatch(tokens.Length);
        batch.AddSequence(tokens, 0, logitsForAll: true);

        context.Decode(batch);

        Assert.Equal(tokens.Length, batch.OutputCount);
        for (var i = 0; i < tokens.Length; i++)
        {
            var logits = context.GetLogits(i);
            Assert.Equal(fixture.Model.Vocabulary.Count, logits.Length);
            Assert.All(logits.ToArray(), value => Assert.True(float.IsFinite(value)));
        }

        // Different positions see different contexts, so their logits differ.
        Assert.True(LlamaTestText.MaxAbsoluteDifference(context.GetLogits(0), context.GetLogits(tokens.Length - 1)) > 0.1f);
        Assert.Equal(context.GetLogits(tokens.Length - 1).ToArray(), context.GetLogits(-1).ToArray());
    }

    [Fact]
    public void The_same_tokens_give_the_same_logits_in_two_contexts()
    {
        var tokens = fixture.Model.Vocabulary.Tokenize("is it spam or ham? maybe neutral");
        using var first = fixture.NewContext();
        using var second = fixture.NewContext();

        var fromFirst = LlamaTestText.LogitsAfter(first, tokens);
        var fromSecond = LlamaTestText.LogitsAfter(second, tokens);

        Assert.Equal(fromFirst, fromSecond);
    }

    [Fact]
    public void The_greedy_sampler_picks_the_largest_logit()
    {
        using var context = fixture.NewContext();
        using var sampler = LlamaSampler.CreateGreedy();
        var logits = LlamaTestText.LogitsAfter(context, fixture.Model.Vocabulary.Tokenize("the assistant says"));

        var token = sampler.Sample(context);

        Assert.Equal(LlamaTestText.ArgMax(logits), token);
    }

    [Fact]
    public void Asking_for_logits_of_a_token_that_did_not_ask_is_an_exception_not_a_crash()
    {
        using var context = fixture.NewContext();
        var tokens = fixture.Model.Vocabulary.Tokenize("no logits here but the last");
        LlamaTestText.LogitsAfter(context, tokens);

        Assert.Throws<ArgumentOutOfRangeException>(() => context.GetLogits(0).Length);
        using var sampler = LlamaSampler.CreateGreedy();
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Sample(context, 0));
    }

    [Fact]
    public void Batches_llama_cpp_would_refuse_or_abort_on_are_exceptions()
    {
        using var context = fixture.NewContext(TinyModelFixture.Options with { BatchSize = 8, MicroBatchSize = 8 });
        using var batch = new LlamaBatch(64);

        Assert.Throws<ArgumentException>(() => context.Decode(batch));
        batch.AddSequence(fixture.Model.Vocabulary.Tokenize("more than eight tokens in one batch"), 0);
        Assert.Throws<ArgumentException>(() => context.Decode(batch));

        batch.Clear();
        batch.Add(fixture.Model.Vocabulary.Count + 3, 0, 0, logits: true);
        var invalidToken = Assert.Throws<LlamaDecodeException>(() => context.Decode(batch));
        Assert.Equal(-1, invalidToken.Status);
        Assert.Contains("invalid token", invalidToken.Message, StringComparison.Ordinal);

        batch.Clear();
        batch.Add(5, 0, sequenceId: 1, logits: true);
        Assert.Equal(1, batch.MaxSequenceId);
        Assert.Throws<ArgumentException>(() => context.Decode(batch));
    }

    [Fact]
    public void A_full_batch_refuses_one_more_token()
    {
        using var batch = new LlamaBatch(2, maxSequencesPerToken: 2);
        batch.Add(5, 0, [0, 1], logits: false);

        Assert.Throws<ArgumentException>(() => batch.Add(5, 1, [0, 1, 2], logits: false));
        batch.Add(6, 1, 0, logits: true);
        Assert.Throws<InvalidOperationException>(() => batch.Add(7, 2, 0, logits: true));
        Assert.Equal(2, batch.Count);
        Assert.Equal(1, batch.OutputCount);
    }

    [Fact]
    public void The_tiny_model_serves_a_hundred_short_requests_in_seconds()
    {
        using var context = fixture.NewContext();
        using var sampler = LlamaSampler.CreateGreedy();
        var clock = Stopwatch.StartNew();
        var generated = 0;
        for (var request = 0; request < 100; request++)
        {
            context.Memory.Clear();
            generated += LlamaTestText.Generate(context, sampler, $"request {request}: is this text spam or ham?", maxTokens: 8).Length;
        }

        // Measured here at well under a second; the bound is for a busy two-core machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"100 requests took {clock.Elapsed}");
        Assert.True(generated > 0);
    }
}
