using System.Text;
using Distillery.Llama;

namespace Distillery.IntegrationTests.Llama;

/// <summary>GBNF-constrained sampling: only text the grammar admits can come out.</summary>
[Collection(SharedLlama.Name)]
public sealed class GrammarSamplerTests(TinyModelFixture fixture)
{
    private const string Labels = """root ::= "yes" | "no" | "maybe" """;

    [Theory]
    [InlineData(Labels, new[] { "yes", "no", "maybe" })]
    [InlineData("""root ::= " positive" | " negative" | " neutral" """, new[] { " positive", " negative", " neutral" })]
    public void Before_the_first_token_the_grammar_allows_exactly_the_tokens_that_begin_an_admitted_string(string grammar, string[] admitted)
    {
        var vocabulary = fixture.Model.Vocabulary;
        using var context = fixture.NewContext();
        using var sampler = LlamaSampler.CreateGrammarConstrained(fixture.Model, grammar);
        var logits = LlamaTestText.LogitsAfter(context, vocabulary.Tokenize("Answer:"));

        sampler.Apply(logits);

        var allowed = Enumerable.Range(0, vocabulary.Count).Where(token => float.IsFinite(logits[token])).ToHashSet();
        var expected = Enumerable.Range(0, vocabulary.Count).Where(token =>
        {
            var piece = vocabulary.TokenToPiece(token);
            return piece.Length > 0 && admitted.Any(text => Encoding.UTF8.GetBytes(text).AsSpan().StartsWith(piece));
        }).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), allowed.Order());
    }

    [Fact]
    public void Generation_under_the_grammar_ends_with_one_of_the_admitted_strings()
    {
        using var context = fixture.NewContext();
        using var sampler = LlamaSampler.CreateGrammarConstrained(fixture.Model, Labels);
        var outputs = new List<string>();
        foreach (var prompt in new[] { "Is it spam?", "The weather is nice", "Do you agree", "neutral or not", "42", "ham" })
        {
            context.Memory.Clear();
            sampler.Reset();
            outputs.Add(Encoding.UTF8.GetString(LlamaTestText.Generate(context, sampler, prompt, maxTokens: 16)));
        }

        Assert.All(outputs, output => Assert.Contains(output, new[] { "yes", "no", "maybe" }));
    }

    [Theory]
    [InlineData("""root ::= "unclosed""")]
    [InlineData("root ::= undefined-rule")]
    public void A_grammar_that_does_not_parse_is_an_argument_error_with_llama_cpps_reason(string grammar)
    {
        var error = Assert.Throws<ArgumentException>(() => LlamaSampler.CreateGrammarConstrained(fixture.Model, grammar));

        Assert.Equal("grammar", error.ParamName);
        Assert.Contains("grammar does not parse: ", error.Message, StringComparison.Ordinal);
    }
}
