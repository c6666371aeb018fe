using Distillery.Domain.Metrics;
using Distillery.Storage;
using Npgsql;

namespace Distillery.Training.Data;

/// <summary>
/// Distributed mode: texts from the corpus tables, human labels from them too, and a teacher's
/// labels (with probabilities) from the Labeling service's table. Abstentions are not labels: an
/// item the teacher abstained on is an error naming it, so the Coordinator must leave it out.
/// </summary>
public sealed class PostgresTrainingData(NpgsqlDataSource dataSource, CorpusStore corpus) : ITrainingDataSource
{
    public const string HumanSource = "human";

    public async Task<TrainingExamples> GetAsync(string taskId, IReadOnlyList<string> itemIds, string labelSource, CancellationToken cancellationToken)
    {
        var labelNames = await corpus.LabelsAsync(taskId, cancellationToken) ?? throw new KeyNotFoundException($"no task '{taskId}' in the corpus tables");
        var documents = await corpus.GetAsync(taskId, itemIds, cancellationToken);
        var teacherLabels = labelSource == HumanSource ? null : await TeacherLabels(taskId, itemIds, labelSource, cancellationToken);
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
                ? found
                : throw new KeyNotFoundException($"task '{taskId}': document '{id}' has no label from '{labelSource}'");
            labels.Add(label);
            if (p is not null)
            {
                probabilities.Add(p);
            }
        }

        return new TrainingExamples(new LabelSet(labelNames), texts, labels, probabilities.Count == itemIds.Count && itemIds.Count > 0 ? probabilities : null);
    }

    private async Task<Dictionary<string, (string, IReadOnlyList<double>?)>> TeacherLabels(string taskId, IReadOnlyList<string> itemIds, string teacher, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT document_id, label, probabilities FROM labeling_labels WHERE task_id = $1 AND teacher = $2 AND label IS NOT NULL AND document_id = ANY($3)");
        command.Parameters.Add(new NpgsqlParameter { Value = taskId });
        command.Parameters.Add(new NpgsqlParameter { Value = teacher });
        command.Parameters.Add(new NpgsqlParameter { Value = itemIds.ToArray() });
        var labels = new Dictionary<string, (string, IReadOnlyList<double>?)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            labels[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<double[]>(2));
        }

        return labels;
    }
}
