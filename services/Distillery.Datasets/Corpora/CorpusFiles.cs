namespace Distillery.Datasets.Corpora;

/// <summary>Where scripts/fetch-corpora.sh unpacks each corpus, with a clear error when one is missing.</summary>
internal static class CorpusFiles
{
    public static string Folder(string corporaRoot, params string[] parts)
    {
        var folder = Path.Combine([corporaRoot, .. parts]);
        return Directory.Exists(folder)
            ? folder
            : throw new DirectoryNotFoundException(
                $"corpus folder '{folder}' is missing: run scripts/fetch-corpora.sh (or make data) to fetch the corpora");
    }

    /// <summary>Files in ordinal name order, so every machine reads them in the same order.</summary>
    public static IEnumerable<string> Sorted(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern).Order(StringComparer.Ordinal);
}
