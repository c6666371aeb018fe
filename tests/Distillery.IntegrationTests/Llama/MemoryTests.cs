using Distillery.Llama;

namespace Distillery.IntegrationTests.Llama;

/// <summary>KV-cache sequence operations: prefix reuse by copying, rollback by removing.</summary>
[Collection(SharedLlama.Name)]
public sealed class MemoryTests(TinyModelFixture fixture)
{
    private static readonly LlamaContextOptions TwoSequences = TinyModelFixture.Options with { SequenceCount = 2 };

    [Fact]
    public void A_prefix_copied_to_another_sequence_then_a_suffix_gives_the_logits_of_the_whole_text()
    {
        var vocabulary = fixture.Model.Vocabulary;
        var prefix = vocabulary.Tokenize("Classify the text as spam or ham. Text: ");
        var suffix = vocabulary.Tokenize("win a free prize now", addSpecial: false);
        using var context = fixture.NewContext(TwoSequences);
        var direct = LlamaTestText.LogitsAfter(context, [.. prefix, .. suffix]);

        context.Memory.Clear();
        Assert.Equal(-1, context.Memory.MaxPosition(0));
        using var batch = new LlamaBatch(prefix.Length + suffix.Length);
        batch.AddSequence(prefix, 0);
        context.Decode(batch);
        context.Memory.Copy(0, 1);
        Assert.Equal(prefix.Length - 1, context.Memory.MaxPosition(1));
        batch.Clear();
        batch.AddSequence(suffix, 1, firstPosition: prefix.Length);
        context.Decode(batch);
        var reused = context.GetLogits(suffix.Length - 1).ToArray();

        Assert.True(LlamaTestText.MaxAbsoluteDifference(direct, reused) < 1e-3f);
        // The source sequence was left as it was.
        Assert.Equal(prefix.Length - 1, context.Memory.MaxPosition(0));
        Assert.Equal(prefix.Length + suffix.Length - 1, context.Memory.MaxPosition(1));
    }

    [Fact]
    public void Removing_a_suffix_and_decoding_it_again_gives_the_same_logits()
    {
        var vocabulary = fixture.Model.Vocabulary;
        var prefix = vocabulary.Tokenize("The answer is");
        var first = vocabulary.Tokenize(" yes", addSpecial: false);
        var second = vocabulary.Tokenize(" maybe not", addSpecial: false);
        using var context = fixture.NewContext(TwoSequences);
        var expected = LlamaTestText.LogitsAfter(context, [.. prefix, .. second]);
        context.Memory.Clear();

        LlamaTestText.LogitsAfter(context, [.. prefix, .. first]);
        Assert.True(context.Memory.Remove(0, from: prefix.Length));
        Assert.Equal(prefix.Length - 1, context.Memory.MaxPosition(0));
        using var batch = new LlamaBatch(second.Length);
        batch.AddSequence(second, 0, firstPosition: prefix.Length);
        context.Decode(batch);

        Assert.True(LlamaTestText.MaxAbsoluteDifference(expected, context.GetLogits(-1)) < 1e-3f);
    }

    [Fact]
    public void Keep_removes_the_other_sequences()
    {
        using var context = fixture.NewContext(TwoSequences);
        var tokens = fixture.Model.Vocabulary.Tokenize("two sequences");
        using var batch = new LlamaBatch(2 * tokens.Length);
        batch.AddSequence(tokens, 0);
        batch.AddSequence(tokens, 1);
        context.Decode(batch);

        context.Memory.Keep(1);

        Assert.Equal(-1, context.Memory.MaxPosition(0));
        Assert.Equal(tokens.Length - 1, context.Memory.MaxPosition(1));
        Assert.Equal(0, context.Memory.MinPosition(1));
    }

    [Fact]
    public void Separate_kv_buffers_copy_whole_sequences_and_refuse_a_range_instead_of_aborting()
    {
        using var context = fixture.NewContext(TwoSequences with { UnifiedKvCache = false });
        var tokens = fixture.Model.Vocabulary.Tokenize("a whole sequence");
        LlamaTestText.LogitsAfter(context, tokens);

        Assert.Throws<InvalidOperationException>(() => context.Memory.Copy(0, 1, from: 0, to: 2));
        context.Memory.Copy(0, 1);
        using var batch = new LlamaBatch(1);
        batch.Add(5, tokens.Length, 1, logits: true);
        context.Decode(batch);
        Assert.Equal(tokens.Length, context.Memory.MaxPosition(1));
    }

    [Fact]
    public void A_sequence_id_outside_the_context_is_refused_before_llama_cpp_asserts()
    {
        using var context = fixture.NewContext(TwoSequences);

        Assert.Throws<ArgumentOutOfRangeException>(() => context.Memory.Copy(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => context.Memory.Remove(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => context.Memory.MaxPosition(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => context.Memory.Keep(2));
    }
}
