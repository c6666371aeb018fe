using Distillery.Domain.Prompts;
using Distillery.Domain.Tasks;
using Distillery.Inference.Engine;

namespace Distillery.Inference.Classification;

/// <summary>
/// A codebook's classification prompt as one model sees it, rendered exactly as the teachers
/// render it (<see cref="PromptTemplate"/>) and formatted with the model's chat template. The
/// system message and the few-shot turns are the prefix every text of the task shares, tokenised
/// once and cached under a hash of the model and its tokens; each text adds its own user turn and
/// the opened assistant turn. Texts too long for the context are cut in the middle. When a
/// template does not render the shared turns as a prefix of the whole chat, nothing is shared.
/// </summary>
internal sealed class TaskPrompt
{
    private readonly ModelEngine _engine;
    private readonly ClassificationPrompt _prompt;
    private readonly string _prefixText;
    private readonly int[] _prefixTokens;
    private readonly string? _prefixKey;

    private TaskPrompt(ModelEngine engine, ClassificationPrompt prompt, string prefixText)
    {
        _engine = engine;
        _prompt = prompt;
        _prefixText = prefixText;
        _prefixTokens = prefixText.Length == 0 ? [] : engine.Model.Vocabulary.Tokenize(prefixText, addSpecial: true, parseSpecial: true);
        _prefixKey = _prefixTokens.Length == 0 ? null : PrefixKey.Of(engine.Name, _prefixTokens);
    }

    /// <summary>The prompt's version (a hash of the template and the codebook), recorded with every label.</summary>
    public string Version => _prompt.Version;

    public IReadOnlyList<string> Labels => _prompt.Labels;

    /// <summary>Tokens of the shared part.</summary>
    public int PrefixLength => _prefixTokens.Length;

    public static TaskPrompt Render(ModelEngine engine, Codebook codebook)
    {
        var prompt = PromptTemplate.Render(codebook);
        var prefix = ChatFormat.Apply(engine, prompt.Prefix, addAssistantTurn: false);
        var probe = ChatFormat.Apply(engine, prompt.For(string.Empty), addAssistantTurn: true);
        return new TaskPrompt(engine, prompt, probe.StartsWith(prefix, StringComparison.Ordinal) ? prefix : string.Empty);
    }

    /// <summary>
    /// The prompt for <paramref name="text"/>, leaving <paramref name="reserve"/> tokens of the
    /// context for what follows it (label tokens, an answer); cut in the middle when too long.
    /// </summary>
    public (PromptTokens Tokens, bool Truncated) ForText(string text, int reserve)
    {
        var limit = _engine.ContextLength - reserve - PrefixLength;
        var fitted = MiddleTruncation.Fit(text, limit, candidate => OwnTokens(candidate).Length) ?? throw new ArgumentException(
            $"codebook: the rendered prompt takes {PrefixLength + OwnTokens(MiddleTruncation.Marker).Length + reserve} tokens, " +
            $"more than model '{_engine.Name}' holds in a sequence ({_engine.ContextLength}); shorten the instructions or examples");
        return (new PromptTokens(_prefixTokens, OwnTokens(fitted.Text), _prefixKey), fitted.Truncated);
    }

    /// <summary>
    /// Each label's tokens as they follow the opened assistant turn: the label is tokenised in that
    /// context (the opening plus the label, less the opening's tokens), since a tokeniser may spell
    /// a word differently at the start of a text than after a newline.
    /// </summary>
    public int[][] LabelTokens()
    {
        var vocabulary = _engine.Model.Vocabulary;
        var opening = OwnText(string.Empty);
        var openingTokens = Tokenize(opening);
        return [.. Labels.Select(label =>
        {
            var together = Tokenize(opening + label);
            return together.Length > openingTokens.Length && together.AsSpan().StartsWith(openingTokens)
                ? together[openingTokens.Length..]
                : vocabulary.Tokenize(label, addSpecial: false);
        })];
    }

    /// <summary>The text's part of the prompt: everything after the shared prefix.</summary>
    private string OwnText(string text)
    {
        var whole = ChatFormat.Apply(_engine, _prompt.For(text), addAssistantTurn: true);
        return whole.StartsWith(_prefixText, StringComparison.Ordinal)
            ? whole[_prefixText.Length..]
            : throw new InvalidOperationException($"the chat template of model '{_engine.Name}' rendered the shared turns differently for one text");
    }

    private int[] OwnTokens(string text) => Tokenize(OwnText(text));

    /// <summary>BOS opens the prefix; without a prefix it opens the text's own part.</summary>
    private int[] Tokenize(string text) =>
        _engine.Model.Vocabulary.Tokenize(text, addSpecial: _prefixText.Length == 0, parseSpecial: true);
}
