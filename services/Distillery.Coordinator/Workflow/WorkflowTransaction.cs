using System.Text.Json;
using Google.Protobuf;
using Npgsql;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// One state change of one job: a PostgreSQL transaction holding the job's row lock, so changes
/// to a job are serial whatever the number of consumers or Coordinator replicas. Messages it
/// causes go to the outbox and events to the event log in the same transaction, so they exist
/// exactly when the change does.
/// </summary>
internal sealed class WorkflowTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private WorkflowTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<WorkflowTransaction> BeginAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return new WorkflowTransaction(connection, transaction);
    }

    /// <summary>Locks the job's row; returns its state, or null when there is no such job.</summary>
    public async Task<string?> LockJobAsync(Guid jobId, CancellationToken cancellationToken) =>
        await ScalarAsync<string>("SELECT state FROM coordinator_jobs WHERE job_id = $1 FOR UPDATE", [jobId], cancellationToken);

    public async Task<int> ExecuteAsync(string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object?[] parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Queues a message to publish once this transaction commits, in the current trace.</summary>
    public Task SendAsync<T>(Guid jobId, T message, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO coordinator_outbox (job_id, message_type, body, trace_parent) VALUES ($1, $2, $3, $4)",
            [jobId, typeof(T).Name, JsonSerializer.Serialize(message, OutboxMessages.Json), OutboxTrace.Current()], cancellationToken);

    /// <summary>Appends a job event with the next sequence number of the job.</summary>
    public async Task EventAsync(Guid jobId, string jobState, V1.TaskStatus? task, CancellationToken cancellationToken)
    {
        var sequence = await ScalarAsync<long>(
            "UPDATE coordinator_jobs SET event_sequence = event_sequence + 1, updated_at = now() WHERE job_id = $1 RETURNING event_sequence", [jobId], cancellationToken);
        var jobEvent = new V1.JobEvent
        {
            Sequence = sequence,
            JobId = jobId.ToString(),
            JobState = JobStates.ToApi(jobState),
            Task = task,
            UnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        await ExecuteAsync("INSERT INTO coordinator_events (job_id, sequence, event) VALUES ($1, $2, $3)", [jobId, sequence, jobEvent.ToByteArray()], cancellationToken);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    /// <summary>The transaction, for a store that writes within it (the job's documents).</summary>
    public NpgsqlTransaction Transaction => _transaction;

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private NpgsqlCommand Command(string sql, object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection, _transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter ?? DBNull.Value });
        }

        return command;
    }
}
