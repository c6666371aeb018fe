using Npgsql;

namespace Distillery.Labeling.Cache;

/// <summary>The distributed mode's label cache, shared by every Labeling replica.</summary>
public sealed class PostgresLabelCache(NpgsqlDataSource dataSource) : ILabelCache
{
    public async Task<IReadOnlyDictionary<LabelCacheKey, CachedLabel>> GetAsync(IReadOnlyCollection<LabelCacheKey> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<LabelCacheKey, CachedLabel>();
        if (keys.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT c.model, c.prompt_version, c.text_sha256, c.label, c.probabilities, c.raw_answer, c.prompt_tokens, c.completion_tokens " +
            "FROM labeling_label_cache c JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(model, prompt_version, text_sha256) " +
            "USING (model, prompt_version, text_sha256)");
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(key => key.Model).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(key => key.PromptVersion).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(key => key.TextSha256).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new LabelCacheKey(reader.GetString(0), reader.GetString(1), reader.GetString(2));
            found[key] = new CachedLabel(
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<double[]>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt32(6),
                reader.GetInt32(7));
        }

        return found;
    }

    public async Task PutAsync(IReadOnlyList<KeyValuePair<LabelCacheKey, CachedLabel>> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var batch = dataSource.CreateBatch();
        foreach (var (key, value) in entries)
        {
            var command = new NpgsqlBatchCommand(
                "INSERT INTO labeling_label_cache (model, prompt_version, text_sha256, label, probabilities, raw_answer, prompt_tokens, completion_tokens) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING");
            foreach (var parameter in new object?[] { key.Model, key.PromptVersion, key.TextSha256, value.Label, value.Probabilities?.ToArray(), value.RawAnswer, value.PromptTokens, value.CompletionTokens })
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter ?? DBNull.Value });
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
