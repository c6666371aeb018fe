using Npgsql;

namespace Distillery.Labeling.Persistence;

/// <summary>
/// Cancelled jobs in PostgreSQL, shared by every replica: one of them consumes each
/// <c>JobCancelled</c>, all of them must stop the job's batches.
/// </summary>
public sealed class CancelledJobs(NpgsqlDataSource dataSource)
{
    public async Task AddAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO labeling_cancelled_jobs (job_id) VALUES ($1) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ContainsAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM labeling_cancelled_jobs WHERE job_id = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
