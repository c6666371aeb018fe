using Distillery.Contracts.Training;

namespace Distillery.Training.Data;

/// <summary>
/// Where the Training service reads a task's documents and labels. Local mode keeps them in
/// memory; distributed mode reads the Coordinator's PostgreSQL tables.
/// </summary>
public interface ITrainingDataSource
{
    /// <summary>
    /// The texts and labels of <paramref name="itemIds"/> from <paramref name="labelSource"/>
    /// (<c>human</c> or a teacher's name); a teacher's labels are the <paramref name="carried"/>
    /// ones when the command brought them. A missing item or label is an error naming it.
    /// </summary>
    Task<TrainingExamples> GetAsync(
        string taskId, IReadOnlyList<string> itemIds, string labelSource, IReadOnlyDictionary<string, TrainingLabel>? carried, CancellationToken cancellationToken);
}
