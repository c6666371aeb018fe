using Distillery.Contracts.Training;
using Distillery.Domain.Metrics;
using Distillery.Storage;

namespace Distillery.Training.Data;

/// <summary>
/// Distributed mode: texts from the corpus tables, human labels from them too, and a teacher's
/// labels (with probabilities) from the command, which the Coordinator filled from the events
/// that brought them (the Labeling service's tables are its own). Abstentions are not labels: an
/// item the teacher abstained on is an error naming it, so the Coordinator must leave it out.
/// </summary>
public sealed class PostgresTrainingData(CorpusStore corpus) : ITrainingDataSource
{
    public const string HumanSource = "human";

    public async Task<TrainingExamples> GetAsync(
        string taskId, IReadOnlyList<string> itemIds, string labelSource, IReadOnlyDictionary<string, TrainingLabel>? carried, CancellationToken cancellationToken)
    {
        var labelNames = await corpus.LabelsAsync(taskId, cancellationToken) ?? throw new KeyNotFoundException($"no task '{taskId}' in the corpus tables");
        var documents = await corpus.GetAsync(taskId, itemIds, cancellationToken);
        var teacherLabels = labelSource == HumanSource
            ? null
            : carried ?? throw new KeyNotFoundException($"task '{taskId}': the command brought no labels from '{labelSource}' (a teacher's labels travel with it)");
        var texts = new List<string>(itemIds.Count);
        var labels = new List<string>(itemIds.Count);
        var probabilities = new List<IReadOnlyList<double>>(itemIds.Count);
        foreach (var id in itemIds)
        {
            var document = documents.GetValueOrDefault(id) ?? throw new KeyNotFoundException($"task '{taskId}' has no document '{id}'");
            texts.Add(document.Text);
            if (teacherLabels is null)
            {
                labels.Add(document.HumanLabel ?? throw new KeyNotFoundException($"task '{taskId}': document '{id}' has no human label"));
                continue;
            }

            var (label, p) = teacherLabels.TryGetValue(id, out var found)
                ? (found.Label, found.Probabilities)
                : throw new KeyNotFoundException($"task '{taskId}': document '{id}' has no label from '{labelSource}'");
            labels.Add(label);
            if (p is not null)
            {
                probabilities.Add(p);
            }
        }

        return new TrainingExamples(new LabelSet(labelNames), texts, labels, probabilities.Count == itemIds.Count && itemIds.Count > 0 ? probabilities : null);
    }
}
