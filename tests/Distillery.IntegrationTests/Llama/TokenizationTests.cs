using System.Text;
using Distillery.Llama.Testing;

namespace Distillery.IntegrationTests.Llama;

/// <summary>The tiny model's SentencePiece vocabulary through llama.cpp's tokeniser.</summary>
[Collection(SharedLlama.Name)]
public sealed class TokenizationTests(TinyModelFixture fixture)
{
    [Theory]
    [InlineData("yes")]
    [InlineData("The user is not positive, it's spam!")]
    [InlineData("héllo wörld — ünïcode 日本語 🙂")]
    [InlineData("tabs\tand\nnew lines  and  double spaces")]
    public void Text_tokenised_without_special_tokens_detokenises_to_itself(string text)
    {
        var vocabulary = fixture.Model.Vocabulary;
        var tokens = vocabulary.Tokenize(text, addSpecial: false);

        Assert.NotEmpty(tokens);
        Assert.Equal(text, vocabulary.Detokenize(tokens));
        // Piece by piece, as a generator streams them, the bytes add up to the same text.
        var bytes = tokens.SelectMany(token => vocabulary.TokenToPiece(token)).ToArray();
        Assert.Equal(" " + text, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Special_tokens_are_added_as_the_model_asks()
    {
        var vocabulary = fixture.Model.Vocabulary;
        Assert.True(vocabulary.AddsBeginningOfSequence);
        Assert.False(vocabulary.AddsEndOfSequence);

        var tokens = vocabulary.Tokenize("yes");

        Assert.Equal([vocabulary.BeginningOfSequence, TinyVocabulary.IdOf("\u2581yes")], tokens);
        Assert.True(vocabulary.IsControl(vocabulary.BeginningOfSequence));
        Assert.True(vocabulary.IsEndOfGeneration(vocabulary.EndOfSequence));
        Assert.True(vocabulary.IsEndOfGeneration(vocabulary.EndOfTurn));
        Assert.False(vocabulary.IsEndOfGeneration(vocabulary.BeginningOfSequence));
        Assert.Equal(TinyVocabulary.TurnEnd, vocabulary.TokenText(vocabulary.EndOfTurn));
    }

    [Fact]
    public void Labels_can_be_one_token_several_tokens_or_share_a_prefix()
    {
        var vocabulary = fixture.Model.Vocabulary;

        var yes = vocabulary.Tokenize("yes", addSpecial: false);
        var sports = vocabulary.Tokenize("sports", addSpecial: false);
        var not = vocabulary.Tokenize("not", addSpecial: false);
        var nothing = vocabulary.Tokenize("nothing", addSpecial: false);

        Assert.Single(yes);
        Assert.Equal(["\u2581sp", "<0x6F>", "<0x72>", "<0x74>", "<0x73>"], sports.Select(vocabulary.TokenText));
        Assert.Single(not);
        Assert.True(nothing.Length > 1);
        Assert.Equal(not[0], nothing[0]);
    }

    [Fact]
    public void Characters_without_a_token_fall_back_to_their_utf8_bytes()
    {
        var vocabulary = fixture.Model.Vocabulary;

        var tokens = vocabulary.Tokenize("é", addSpecial: false);

        Assert.Equal(["\u2581", "<0xC3>", "<0xA9>"], tokens.Select(vocabulary.TokenText));
        Assert.Equal([0xC3], vocabulary.TokenToPiece(tokens[1]));
        Assert.Equal(TinyVocabulary.ByteToken(0xA9), tokens[2]);
    }

    [Fact]
    public void Special_token_text_becomes_the_token_only_when_asked()
    {
        var vocabulary = fixture.Model.Vocabulary;
        var turnStart = TinyVocabulary.IdOf(TinyVocabulary.TurnStart);

        var parsed = vocabulary.Tokenize("<|im_start|>user", addSpecial: false, parseSpecial: true);
        var spelled = vocabulary.Tokenize("<|im_start|>user", addSpecial: false, parseSpecial: false);

        Assert.Equal(turnStart, parsed[0]);
        Assert.DoesNotContain(turnStart, spelled);
        Assert.Empty(vocabulary.TokenToPiece(turnStart));
        Assert.Equal(TinyVocabulary.TurnStart, Encoding.UTF8.GetString(vocabulary.TokenToPiece(turnStart, renderSpecial: true)));
        // SentencePiece starts the text after a special token with a word start, as llama.cpp
        // does for Mistral's [INST]: "user" becomes "▁user".
        Assert.Equal("<|im_start|> user", vocabulary.Detokenize(parsed, renderSpecial: true));
    }

    [Fact]
    public void A_token_id_outside_the_vocabulary_is_refused_before_llama_cpp_sees_it()
    {
        var vocabulary = fixture.Model.Vocabulary;

        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.TokenToPiece(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.TokenToPiece(vocabulary.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Detokenize([1, vocabulary.Count + 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.IsEndOfGeneration(int.MaxValue));
    }
}
