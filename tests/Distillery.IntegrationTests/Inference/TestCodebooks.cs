using Distillery.Contracts.Grpc.V1;

namespace Distillery.IntegrationTests.Inference;

/// <summary>Codebooks and texts the inference tests classify.</summary>
internal static class TestCodebooks
{
    /// <summary>Two labels with two examples: a prefix of a few hundred tokens on the tiny model.</summary>
    public static Codebook SpamHam() => Build(
        "Decide whether an e-mail is unsolicited bulk mail.",
        [("spam", "unsolicited bulk or fraudulent mail"), ("ham", "wanted, legitimate mail")],
        [("WIN a FREE prize now, click here", "spam"), ("Minutes of Tuesday's meeting attached", "ham")]);

    /// <summary>
    /// Labels of one and several tokens that share prefixes: " no" / " not" are whole-word tokens of
    /// the tiny vocabulary, "positive" / "posture" / "post" share "pos", and "neutral" stands alone.
    /// </summary>
    public static Codebook SharedPrefixes() => Build(
        "Code the stance of the text.",
        [("positive", "in favour"), ("posture", "a pose"), ("post", "an entry"), ("neutral", "neither"), ("no", "refuses"), ("not", "negates")],
        [("I love it", "positive")]);

    /// <summary>
    /// Four labels of four byte tokens each, three of them sharing "s" and two "sp": none wins by
    /// being shorter, so on random weights every probability is far from 0 and 1 and comparisons of
    /// them mean something.
    /// </summary>
    public static Codebook Balanced() => Build(
        "Decide what kind of message this is.",
        [("spam", "bulk mail"), ("span", "a length"), ("sham", "a fake"), ("oath", "a promise")],
        [("WIN a FREE prize now", "spam")]);

    public static Codebook Build(string instructions, (string Name, string Definition)[] labels, (string Text, string Label)[] examples)
    {
        var codebook = new Codebook { Instructions = instructions };
        codebook.Labels.AddRange(labels.Select(label => new LabelDefinition { Name = label.Name, Definition = label.Definition }));
        codebook.Examples.AddRange(examples.Select(example => new FewShotExample { Text = example.Text, Label = example.Label }));
        return codebook;
    }

    /// <summary><paramref name="count"/> different texts, seeded: words, numbers, punctuation, accents, lengths from a few to a hundred words.</summary>
    public static IReadOnlyList<string> VariedTexts(int count, int seed = 11)
    {
        string[] words = ["the", "user", "is", "not", "happy", "spam", "offer", "meeting", "naïve", "café", "100%", "free!", "maybe", "neutral", "positive", "ham", "?", "€5", "tomorrow", "日本"];
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => string.Join(' ', Enumerable.Range(0, 3 + random.Next(1 + (i % 100))).Select(_ => words[random.Next(words.Length)])))];
    }

    public static ClassifyRequest Request(Codebook codebook, IEnumerable<string> texts, ClassifyMode mode = ClassifyMode.Score, string model = InferenceServer.Model)
    {
        var request = new ClassifyRequest { Model = model, Codebook = codebook, Mode = mode };
        request.Texts.AddRange(texts.Select((text, i) => new TextItem { Id = $"t{i}", Text = text }));
        return request;
    }
}
