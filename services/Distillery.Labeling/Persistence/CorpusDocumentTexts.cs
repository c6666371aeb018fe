using Distillery.Labeling.Service;
using Distillery.Storage;

namespace Distillery.Labeling.Persistence;

/// <summary>Texts from the corpus tables the Coordinator fills.</summary>
public sealed class CorpusDocumentTexts(CorpusStore corpus) : IDocumentTexts
{
    public async Task<IReadOnlyDictionary<string, DocumentToLabel>> GetAsync(string taskId, IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        var documents = await corpus.GetAsync(taskId, documentIds, cancellationToken);
        return documents.ToDictionary(pair => pair.Key, pair => new DocumentToLabel(pair.Key, pair.Value.Text, pair.Value.HumanLabel), StringComparer.Ordinal);
    }
}
