using Distillery.Coordinator.Workflow;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Distillery.Coordinator.Telemetry;

/// <summary>
/// Counts <c>coordinator_tasks</c> by state every <see cref="CoordinatorOptions.TaskCountInterval"/>
/// for the <c>distillery_tasks</c> gauge. Every known state is reported, zero when no task is in it,
/// so a state that empties drops to zero instead of keeping its last count. When the database does
/// not answer, the gauge reports nothing until it does.
/// </summary>
internal sealed class TaskCountRefresher(
    NpgsqlDataSource dataSource,
    CoordinatorTelemetry telemetry,
    IOptions<CoordinatorOptions> options,
    ILogger<TaskCountRefresher> logger) : BackgroundService
{
    private static readonly string[] KnownStates = [TaskStates.Created, .. TaskStates.Active, .. TaskStates.Terminal];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TaskCountInterval);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            telemetry.SetTaskCounts(await CountAsync(cancellationToken));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            telemetry.SetTaskCounts(null);
            logger.LogWarning(e, "Tasks not counted by state; the distillery_tasks gauge reports nothing until the database answers");
        }
    }

    private async Task<IReadOnlyDictionary<string, long>> CountAsync(CancellationToken cancellationToken)
    {
        var counts = KnownStates.ToDictionary(state => state, _ => 0L, StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT state, count(*) FROM coordinator_tasks GROUP BY state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
