using Distillery.Training.Encoders;

namespace Distillery.UnitTests.Training.Encoders;

public sealed class EncoderTokenizerTests
{
    [Fact]
    public async Task MiniLm_s_vocabulary_gives_bert_base_uncased_s_ids()
    {
        var tokenizer = await EncoderTokenizer.LoadAsync(await MiniLm.FilesAsync());

        // bert-base-uncased (whose vocabulary MiniLM shares) gives these for the same text in Hugging Face's tokenizer.
        Assert.Equal([101, 19544, 2213, 12997, 17421, 2079, 10626, 4133, 2572, 3388, 1012, 102], tokenizer.Ids("Lorem ipsum dolor sit amet.", 512));
    }

    [Fact]
    public async Task A_long_text_is_cut_to_max_length_keeping_its_end_marker_and_a_batch_is_padded_to_its_longest_row()
    {
        var tokenizer = await EncoderTokenizer.LoadAsync(await MiniLm.FilesAsync());
        var batch = tokenizer.Encode([string.Join(' ', Enumerable.Repeat("word", 100)), "short text"], 16);

        Assert.Equal((2, 16), (batch.Count, batch.Length));
        Assert.Equal(101, batch.InputIds[0]);
        Assert.Equal(102, batch.InputIds[15]);
        Assert.Equal(16, batch.TokensOf(0));
        Assert.Equal(4, batch.TokensOf(1));
        Assert.Equal([101, 2460, 3793, 102, 0, 0], batch.InputIds[16..22]);
        Assert.All(batch.TokenTypeIds, type => Assert.Equal(0, type));
    }

    [Fact]
    public async Task A_max_length_beyond_the_encoder_s_limit_is_refused_naming_it()
    {
        var tokenizer = await EncoderTokenizer.LoadAsync(await MiniLm.FilesAsync());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Encode(["text"], 513));
        Assert.Contains("encoder's limit 512", error.Message, StringComparison.Ordinal);
    }
}
