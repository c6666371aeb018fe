using System.Text;
using Distillery.Contracts.Grpc;
using Distillery.Contracts.Grpc.V1;
using Distillery.Domain.Prompts;
using Distillery.Inference.Grpc;
using Distillery.Llama;

namespace Distillery.Benchmarks.Inference;

/// <summary>
/// What both servers are given: a codebook whose rendered instructions and examples (the prefix
/// every text shares) take about 1,000 tokens, and texts of exactly 64 tokens each, all of them
/// ASCII words drawn with a fixed seed, in two sets: the first is timed on a fresh server (a new
/// task arrives), the second right after it (the server has just seen the task's prefix), so no
/// timed text was ever seen before by the server (llama-server would answer a prompt it has just
/// evaluated from its slot's cache). For the peer, each text's whole chat prompt as one string,
/// formatted with the model's chat template exactly as our service formats it.
/// </summary>
internal sealed class InferenceWorkload
{
    public const int PrefixTokens = 1_000;
    public const int TextTokens = 64;

    private static readonly string[] Words =
    [
        "the", "council", "voted", "to", "approve", "a", "new", "budget", "for", "schools", "while", "critics", "said", "taxes",
        "would", "rise", "spam", "offer", "click", "here", "meeting", "minutes", "attached", "report", "is", "not", "ready",
    ];

    private InferenceWorkload(Codebook codebook, IReadOnlyList<string> texts, IReadOnlyList<string> prompts, int prefixTokens)
    {
        Codebook = codebook;
        Texts = texts;
        Prompts = prompts;
        MeasuredPrefixTokens = prefixTokens;
    }

    public Codebook Codebook { get; }

    /// <summary>The first set of texts, then the second.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>Texts in a set.</summary>
    public int SetSize => Texts.Count / 2;

    /// <summary>Each text's full chat prompt, as the peer receives it.</summary>
    public IReadOnlyList<string> Prompts { get; }

    /// <summary>The tokens of the shared prefix as this model's tokeniser counts them.</summary>
    public int MeasuredPrefixTokens { get; }

    public static InferenceWorkload For(LlamaModel model, int texts)
    {
        var random = new Random(2024);
        var instructions = new StringBuilder("Decide whether a text is spam (unsolicited bulk mail) or ham (anything else). ");
        var codebook = Build(instructions.ToString());
        while (PrefixOf(model, codebook) < PrefixTokens)
        {
            instructions.Append(Sentence(random, 12)).Append(' ');
            codebook = Build(instructions.ToString());
        }

        var bodies = Enumerable.Range(0, 2 * texts).Select(_ => SixtyFourTokens(model, random)).ToList();
        var prompts = bodies.Select(text => Chat(model, PromptTemplate.Render(codebook.ToCodebook()).For(text))).ToList();
        return new InferenceWorkload(codebook, bodies, prompts, PrefixOf(model, codebook));
    }

    public ClassifyRequest Request(string model, int text)
    {
        var request = new ClassifyRequest { Model = model, Codebook = Codebook, Mode = ClassifyMode.Score };
        request.Texts.Add(new TextItem { Id = $"t{text}", Text = Texts[text] });
        return request;
    }

    public ClassifyRequest RequestAll(string model)
    {
        var request = new ClassifyRequest { Model = model, Codebook = Codebook, Mode = ClassifyMode.Score };
        request.Texts.AddRange(Texts.Take(SetSize).Select((text, i) => new TextItem { Id = $"t{i}", Text = text }));
        return request;
    }

    private static Codebook Build(string instructions)
    {
        var codebook = new Codebook { Instructions = instructions };
        codebook.Labels.Add(new LabelDefinition { Name = "spam", Definition = "unsolicited bulk or fraudulent mail" });
        codebook.Labels.Add(new LabelDefinition { Name = "ham", Definition = "wanted, legitimate mail" });
        codebook.Examples.Add(new FewShotExample { Text = "WIN a FREE prize now, click here", Label = "spam" });
        codebook.Examples.Add(new FewShotExample { Text = "Minutes of Tuesday's meeting attached", Label = "ham" });
        return codebook;
    }

    /// <summary>The tokens of the system turn and the examples, as the chat template renders them.</summary>
    private static int PrefixOf(LlamaModel model, Codebook codebook) =>
        model.Vocabulary.Tokenize(Chat(model, PromptTemplate.Render(codebook.ToCodebook()).Prefix, addAssistantTurn: false), addSpecial: true, parseSpecial: true).Length;

    private static string SixtyFourTokens(LlamaModel model, Random random)
    {
        var text = Sentence(random, 64);
        var tokens = model.Vocabulary.Tokenize(text, addSpecial: false);
        while (tokens.Length < TextTokens)
        {
            text += " " + Sentence(random, 16);
            tokens = model.Vocabulary.Tokenize(text, addSpecial: false);
        }

        // Whole-word tokens and single bytes only: cutting the tokens keeps valid ASCII.
        return model.Vocabulary.Detokenize(tokens.AsSpan(0, TextTokens)).Trim();
    }

    private static string Sentence(Random random, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));

    private static string Chat(LlamaModel model, IEnumerable<PromptMessage> messages, bool addAssistantTurn = true) =>
        LlamaChatTemplate.Apply(
            model.ChatTemplate!,
            [.. messages.Select(message => new LlamaChatMessage(message.Role.ToString().ToLowerInvariant(), message.Content))],
            addAssistantTurn);
}
