namespace Distillery.Domain.Data;

/// <summary>A task's documents, completely loaded and checked: a corpus with errors is never constructed.</summary>
public sealed class Corpus
{
    public Corpus(string source, IReadOnlyList<Document> documents)
    {
        Source = source;
        Documents = documents;
        Labelled = [.. documents.Where(document => document.Label is not null)];
    }

    /// <summary>The file the documents came from.</summary>
    public string Source { get; }

    public IReadOnlyList<Document> Documents { get; }

    /// <summary>The documents with a human label, in file order.</summary>
    public IReadOnlyList<Document> Labelled { get; }

    /// <summary>Human-labelled documents per label.</summary>
    public IReadOnlyDictionary<string, int> LabelCounts =>
        Labelled.GroupBy(document => document.Label!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
}
