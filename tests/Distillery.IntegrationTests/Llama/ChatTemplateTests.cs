using Distillery.Llama;
using Distillery.Llama.Testing;

namespace Distillery.IntegrationTests.Llama;

/// <summary>The chat template in the tiny model's metadata, applied by llama.cpp.</summary>
[Collection(SharedLlama.Name)]
public sealed class ChatTemplateTests(TinyModelFixture fixture)
{
    [Fact]
    public void The_models_chatml_template_formats_a_conversation_whose_markers_tokenise_as_control_tokens()
    {
        var template = fixture.Model.ChatTemplate!;

        var prompt = LlamaChatTemplate.Apply(template, [new("system", "Label the text."), new("user", "Is this spam?")]);

        Assert.Equal(
            "<|im_start|>system\nLabel the text.<|im_end|>\n<|im_start|>user\nIs this spam?<|im_end|>\n<|im_start|>assistant\n",
            prompt);
        var tokens = fixture.Model.Vocabulary.Tokenize(prompt, addSpecial: false, parseSpecial: true);
        Assert.Equal(3, tokens.Count(token => token == TinyVocabulary.IdOf(TinyVocabulary.TurnStart)));
        Assert.Equal(2, tokens.Count(token => token == TinyVocabulary.IdOf(TinyVocabulary.TurnEnd)));
    }

    [Fact]
    public void Without_the_assistant_turn_the_prompt_ends_with_the_last_message()
    {
        var prompt = LlamaChatTemplate.Apply(fixture.Model.ChatTemplate!, [new("user", "hi")], addAssistantTurn: false);

        Assert.Equal("<|im_start|>user\nhi<|im_end|>\n", prompt);
    }

    [Fact]
    public void A_template_llama_cpp_does_not_know_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            LlamaChatTemplate.Apply("{{ nothing llama.cpp recognises }}", [new LlamaChatMessage("user", "hi")]));

        Assert.Equal("template", error.ParamName);
    }
}
