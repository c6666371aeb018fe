using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// Publishes what state changes put in the outbox, then deletes it. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so replicas share the work; a crash after publishing and
/// before deleting publishes a message twice, which every consumer tolerates (batch ids and
/// model ids make the commands idempotent).
/// </summary>
internal sealed class OutboxDispatcher(NpgsqlDataSource dataSource, IBus bus, IOptions<CoordinatorOptions> options, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DrainOnceAsync(stoppingToken) == 0)
                {
                    await Task.Delay(options.Value.OutboxPollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or MassTransitException or TimeoutException or InvalidOperationException)
            {
                // The broker or the database is away; the rows stay and are sent when it is back.
                logger.LogWarning(e, "Outbox not drained; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = new List<(long Id, string Type, string Body, string? TraceParent)>();
        await using (var select = new NpgsqlCommand(
            "SELECT id, message_type, body, trace_parent FROM coordinator_outbox ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        foreach (var (_, type, body, traceParent) in rows)
        {
            using var publish = OutboxTrace.StartPublish(type, traceParent);
            await OutboxMessages.PublishAsync(bus, type, body, cancellationToken);
        }

        if (rows.Count > 0)
        {
            await using var delete = new NpgsqlCommand("DELETE FROM coordinator_outbox WHERE id = ANY($1)", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter { Value = rows.Select(row => row.Id).ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }
}
