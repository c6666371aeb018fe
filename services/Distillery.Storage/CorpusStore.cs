using Distillery.ServiceDefaults.Database;
using Npgsql;
using NpgsqlTypes;

namespace Distillery.Storage;

/// <summary>Reads and writes the documents of tasks in PostgreSQL.</summary>
public sealed class CorpusStore(NpgsqlDataSource dataSource)
{
    /// <summary>Creates the corpus tables if absent (safe to call from every replica at start-up).</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        SqlMigrator.ApplyAsync(dataSource, typeof(CorpusStore).Assembly, "corpus", cancellationToken);

    /// <summary>Adds documents with binary COPY, in a transaction of their own; documents already present are left as they are.</summary>
    public async Task AddAsync(IReadOnlyList<CorpusDocument> documents, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await AddAsync(documents, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Adds documents within <paramref name="transaction"/>, so that they exist exactly when what
    /// the caller writes beside them does (a refused or failed job leaves no document behind).
    /// </summary>
    public static async Task AddAsync(IReadOnlyList<CorpusDocument> documents, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection!;
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE IF NOT EXISTS incoming (LIKE corpus_documents) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY incoming (task_id, document_id, text, human_label, group_id, split) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var document in documents)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(document.TaskId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(document.DocumentId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(document.Text, NpgsqlDbType.Text, cancellationToken);
                await WriteNullable(copy, document.HumanLabel, cancellationToken);
                await WriteNullable(copy, document.GroupId, cancellationToken);
                await WriteNullable(copy, document.Split, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        // Emptied after each use: several tasks' documents may pass through it in one transaction.
        await using (var insert = new NpgsqlCommand("INSERT INTO corpus_documents SELECT * FROM incoming ON CONFLICT DO NOTHING; TRUNCATE incoming", connection, transaction))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Records a task's label set (in codebook order) within <paramref name="transaction"/>; a task already recorded is left as it is.</summary>
    public static async Task AddTaskAsync(string taskId, IReadOnlyList<string> labels, string? positiveLabel, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = new NpgsqlCommand("INSERT INTO corpus_tasks (task_id, labels, positive_label) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = taskId });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)positiveLabel ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A task's label set, or null when the task is not recorded.</summary>
    public async Task<IReadOnlyList<string>?> LabelsAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT labels FROM corpus_tasks WHERE task_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = taskId });
        return await command.ExecuteScalarAsync(cancellationToken) as string[];
    }

    /// <summary>The texts of the given documents of a task, by id; ids not stored are absent from the answer.</summary>
    public async Task<IReadOnlyDictionary<string, CorpusDocument>> GetAsync(string taskId, IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT document_id, text, human_label, group_id, split FROM corpus_documents WHERE task_id = $1 AND document_id = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = taskId });
        command.Parameters.Add(new NpgsqlParameter { Value = documentIds.ToArray() });
        var found = new Dictionary<string, CorpusDocument>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            found[id] = new CorpusDocument(taskId, id, reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3), NullableString(reader, 4));
        }

        return found;
    }

    private static string? NullableString(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static async Task WriteNullable(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }
}
