using Distillery.Contracts.Grpc;
using Distillery.Contracts.Labeling;
using Distillery.Domain.Tasks;
using Distillery.Storage;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Benchmarks.Labeling;

/// <summary>
/// What the Labeling benchmark labels: a spam/ham codebook with four examples, and short e-mail
/// lines (8 to 16 words, about 70 bytes, so about 70 tokens of the tiny model's byte-level
/// vocabulary) drawn with a fixed seed, every one distinct, so no text of a set is in the label
/// cache before the set is labelled the first time.
/// </summary>
internal sealed class LabelingWorkload
{
    /// <summary>Documents per LabelBatch: the Coordinator's default <c>LabelBatchSize</c>.</summary>
    public const int BatchSize = 50;

    public static readonly Codebook Codebook = new(
        "Decide whether the e-mail line below is spam: unsolicited bulk mail, advertising, or a scam. Anything the recipient would want to read is ham.",
        [new LabelDefinition("spam", "unsolicited bulk, advertising or fraudulent mail"), new LabelDefinition("ham", "wanted, legitimate mail")],
        "spam",
        [
            new FewShotExample("WIN a FREE cruise now, click here to claim your prize", "spam"),
            new FewShotExample("Minutes of Tuesday's budget meeting are attached", "ham"),
            new FewShotExample("Cheap meds online, no prescription needed, order today", "spam"),
            new FewShotExample("Can we move our call to Thursday afternoon?", "ham"),
        ]);

    /// <summary>The local teacher on the Inference service's <c>tiny</c> model (the endpoint <c>inference</c> Labeling is given).</summary>
    public static readonly TeacherSpecification Teacher = new("local", "local", new Dictionary<string, string> { ["model"] = "tiny" });

    private static readonly string[] Words =
    [
        "the", "council", "voted", "to", "approve", "a", "new", "budget", "for", "schools", "while", "critics", "said", "taxes",
        "would", "rise", "offer", "click", "here", "meeting", "minutes", "attached", "report", "is", "not", "ready", "free",
        "prize", "winner", "account", "verify", "your", "password", "lunch", "on", "friday", "invoice", "overdue", "please",
        "review", "draft", "cheap", "loans", "today", "only", "call", "me", "when", "you", "can", "project", "deadline",
    ];

    private readonly Random _random = new(2024);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>The codebook as the local teacher sends it to Inference (every example).</summary>
    public static V1.Codebook InferenceCodebook() => Codebook.ToMessage();

    /// <summary><paramref name="count"/> texts never drawn before by this workload.</summary>
    public IReadOnlyList<string> NewTexts(int count)
    {
        var texts = new List<string>(count);
        while (texts.Count < count)
        {
            var text = string.Join(' ', Enumerable.Range(0, _random.Next(8, 17)).Select(_ => Words[_random.Next(Words.Length)]));
            if (_seen.Add(text))
            {
                texts.Add(text);
            }
        }

        return texts;
    }

    /// <summary>Stores <paramref name="texts"/> as the training pool of task <paramref name="taskId"/> and returns its LabelBatch commands.</summary>
    public static async Task<IReadOnlyList<LabelBatch>> TaskAsync(CorpusStore corpus, string taskId, IReadOnlyList<string> texts)
    {
        var documents = texts.Select((text, i) => new CorpusDocument(taskId, $"d{i:00000}", text, null, null, "training_pool")).ToList();
        await corpus.AddAsync(documents, CancellationToken.None);
        return [.. documents.Chunk(BatchSize).Select(chunk => new LabelBatch(
            "bench-labeling", taskId, Guid.NewGuid(), Codebook, Teacher, [.. chunk.Select(document => document.DocumentId)], Seed: 7) { TaskName = "spam" })];
    }
}
