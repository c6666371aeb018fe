using Npgsql;

namespace Distillery.Labeling.Persistence;

/// <summary>Labels in PostgreSQL; <c>ON CONFLICT DO NOTHING</c> on the primary key makes a redelivered batch harmless.</summary>
public sealed class PostgresLabelStore(NpgsqlDataSource dataSource) : ILabelStore
{
    private const string Columns =
        "task_id, document_id, teacher, label, probabilities, raw_answer, model, prompt_version, prompt_tokens, completion_tokens, cached, cost_usd, batch_id";

    public Task<IReadOnlyList<StoredLabel>> GetAsync(string taskId, string teacher, IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken) =>
        Query($"SELECT {Columns} FROM labeling_labels WHERE task_id = $1 AND teacher = $2 AND document_id = ANY($3) ORDER BY document_id", [taskId, teacher, documentIds.ToArray()], cancellationToken);

    public async Task<int> AddAsync(IReadOnlyList<StoredLabel> labels, CancellationToken cancellationToken)
    {
        if (labels.Count == 0)
        {
            return 0;
        }

        await using var batch = dataSource.CreateBatch();
        foreach (var label in labels)
        {
            var command = new NpgsqlBatchCommand($"INSERT INTO labeling_labels ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING");
            foreach (var value in new object?[]
            {
                label.TaskId, label.DocumentId, label.Teacher, label.Label, label.Probabilities?.ToArray(), label.RawAnswer, label.Model,
                label.PromptVersion, label.PromptTokens, label.CompletionTokens, label.Cached, label.CostUsd, label.BatchId,
            })
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            batch.BatchCommands.Add(command);
        }

        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<StoredLabel>> ForTaskAsync(string taskId, string teacher, CancellationToken cancellationToken) =>
        Query($"SELECT {Columns} FROM labeling_labels WHERE task_id = $1 AND teacher = $2 ORDER BY document_id", [taskId, teacher], cancellationToken);

    private async Task<IReadOnlyList<StoredLabel>> Query(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var labels = new List<StoredLabel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            labels.Add(new StoredLabel(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<double[]>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetInt32(8),
                reader.GetInt32(9),
                reader.GetBoolean(10),
                reader.IsDBNull(11) ? null : reader.GetDecimal(11),
                reader.GetGuid(12)));
        }

        return labels;
    }
}
