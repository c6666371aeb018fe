using System.Globalization;
using Distillery.Datasets.Corpora;
using Distillery.Domain.Tasks;

namespace Distillery.Datasets.Benchmark;

/// <summary>
/// The 14 binary tasks Distillery is measured on, as the paper it follows used 14: spam
/// detection, eleven genre tasks on the Brown Corpus (one genre against the rest), and two
/// State of the Union tasks whose labels come from the address's metadata.
/// </summary>
public static class BenchmarkSuite
{
    public const string SpamAssassin = "spam-assassin";
    public const string Brown = "brown";
    public const string StateOfTheUnion = "sotu";

    /// <summary>Every split of every task is drawn with this seed.</summary>
    public const ulong Seed = 20240601;

    private const string GenreInstructions =
        "You will read a passage of about 200 words from a published American English text of 1961. " +
        "Decide whether the passage comes from a text of the genre defined below. Judge the kind of " +
        "writing (its purpose, register and form), not its topic alone. Answer with the label only.";

    public static IReadOnlyList<BenchmarkTaskDefinition> Tasks { get; } =
    [
        new(
            "spam-assassin",
            "E-mail bodies from the SpamAssassin public corpus, judged spam or ham (wanted mail) by people.",
            SpamAssassin,
            "You will read the body of an e-mail message (headers removed). Decide whether it is spam: " +
            "unsolicited bulk e-mail the recipient did not ask for. Mailing-list traffic, newsletters the " +
            "recipient subscribed to and personal or work mail are not spam. Answer with the label only.",
            new("spam", "Unsolicited bulk e-mail: advertising, offers, scams or chain letters sent to many recipients who did not ask for it."),
            new("ham", "Mail the recipient wanted: personal and work messages, discussion lists, subscribed newsletters and notifications."),
            passage => passage.Facts["class"]),
        Genre("brown-press", "a", "reportage", "News reporting: accounts of recent events, political, sports, society, financial or cultural, written by a newspaper's reporters."),
        Genre("brown-editorial", "b", "editorial", "Opinion pieces in the press: editorials, columns and letters to the editor arguing a position on current affairs."),
        Genre("brown-reviews", "c", "review", "Press reviews of books, plays, films, music, dance or art, judging a work or performance."),
        Genre("brown-religion", "d", "religion", "Writing about religion: theology, sermons, devotional and church writing, religious history or apologetics."),
        Genre("brown-hobbies", "e", "hobbies", "Practical writing on skills, trades and hobbies: how-to advice, crafts, sports, home, gardening, pets or cooking."),
        Genre("brown-popular-lore", "f", "popular-lore", "Popular non-fiction for a general readership: magazine articles on psychology, health, history, society or science written to interest, not to instruct experts."),
        Genre("brown-government", "h", "government", "Government documents: official reports, laws, regulations, bulletins and publications of governments, foundations and companies."),
        Genre("brown-learned", "j", "learned", "Learned and scientific writing: research articles and scholarly texts in the natural, social or medical sciences and the humanities, addressed to specialists."),
        Genre(
            "brown-fiction",
            "klmnpr",
            "fiction",
            "Imaginative narrative prose of any kind: general, mystery, science, adventure and western, romance or humorous fiction.",
            "fiction of any kind (Brown genres K-R)"),
        Genre("brown-humour", "r", "humour", "Humorous writing: comic fiction, sketches and essays written chiefly to amuse."),
        Genre("brown-romance", "p", "romance", "Romance and love stories: fiction centred on courtship, love and relationships."),
        new(
            "sotu-party",
            "Passages of State of the Union addresses since 1913, labelled with the party of the president who gave them.",
            StateOfTheUnion,
            "You will read a passage of about 200 words from a State of the Union address given by a " +
            "president of the United States between 1913 and 2018. Decide whether the president " +
            "belonged to the Republican or the Democratic party. Answer with the label only.",
            new("republican", "The address was given by a Republican president."),
            new("democratic", "The address was given by a Democratic president."),
            passage => int.Parse(passage.Facts["year"], CultureInfo.InvariantCulture) >= 1913
                ? passage.Facts["party"] switch
                {
                    "Republican" => "republican",
                    "Democratic" => "democratic",
                    _ => null,
                }
                : null),
        new(
            "sotu-postwar",
            "Passages of State of the Union addresses since 1790, labelled by whether the address was given after the Second World War (1946 or later), from the address's year.",
            StateOfTheUnion,
            "You will read a passage of about 200 words from a State of the Union address of a president " +
            "of the United States. Decide whether the address was given after the Second World War " +
            "(in 1946 or later) or earlier. Answer with the label only.",
            new("postwar", "The address was given in 1946 or later."),
            new("earlier", "The address was given in 1945 or before."),
            passage => int.Parse(passage.Facts["year"], CultureInfo.InvariantCulture) >= 1946 ? "postwar" : "earlier",
            // A long modern address would otherwise outweigh a short early one many times over.
            MaxPassagesPerGroup: 12),
    ];

    private static BenchmarkTaskDefinition Genre(string name, string letters, string label, string definition, string? genreName = null)
    {
        var genre = genreName ?? BrownCorpus.Genres[letters[0]];
        return new(
            name,
            $"Brown Corpus passages: {genre} against every other genre (the genre is the corpus compilers' human judgement).",
            Brown,
            GenreInstructions,
            new(label, definition),
            new("other", "Any other genre of published prose."),
            passage => letters.Contains(passage.Facts["genre"][0], StringComparison.Ordinal) ? label : "other");
    }

    /// <summary>Reads each corpus once, for all the tasks that use it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<SourcePassage>> ReadCorpora(string corporaRoot) =>
        new Dictionary<string, IReadOnlyList<SourcePassage>>(StringComparer.Ordinal)
        {
            [SpamAssassin] = SpamAssassinCorpus.Read(corporaRoot),
            [Brown] = BrownCorpus.Read(corporaRoot),
            [StateOfTheUnion] = StateOfTheUnionCorpus.Read(corporaRoot),
        };

    internal static Codebook Codebook(BenchmarkTaskDefinition task, IReadOnlyList<FewShotExample> examples) =>
        new(task.Instructions, [task.Positive, task.Negative], task.Positive.Name, examples);
}
