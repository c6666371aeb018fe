namespace Distillery.Labeling.Service;

/// <summary>A document to label: its text and, for the simulated teacher only, its human label.</summary>
public sealed record DocumentToLabel(string Id, string Text, string? HumanLabel);

/// <summary>Where the Labeling service reads the texts of a batch's documents.</summary>
public interface IDocumentTexts
{
    /// <summary>The documents found, by id; an id not stored is absent.</summary>
    Task<IReadOnlyDictionary<string, DocumentToLabel>> GetAsync(string taskId, IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken);
}
