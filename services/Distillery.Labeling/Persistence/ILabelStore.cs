namespace Distillery.Labeling.Persistence;

/// <summary>Where labels live: one per (task, document, teacher), whatever the number of deliveries.</summary>
public interface ILabelStore
{
    /// <summary>This teacher's stored labels (and abstentions) among <paramref name="documentIds"/>.</summary>
    Task<IReadOnlyList<StoredLabel>> GetAsync(string taskId, string teacher, IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken);

    /// <summary>Inserts labels not yet stored; returns how many were new.</summary>
    Task<int> AddAsync(IReadOnlyList<StoredLabel> labels, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredLabel>> ForTaskAsync(string taskId, string teacher, CancellationToken cancellationToken);
}
