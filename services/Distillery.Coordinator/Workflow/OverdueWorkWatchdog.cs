using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// Runs <see cref="JobWorkflow.ResendOverdueWorkAsync"/> every <see cref="CoordinatorOptions.WatchdogInterval"/>:
/// the broker's retries end (a message parked in an <c>_error</c> queue after an outage longer
/// than they last), the watchdog does not, so a job ends COMPLETED or FAILED, never stuck RUNNING.
/// Every replica runs it; the job's row lock makes each re-send happen once.
/// </summary>
internal sealed class OverdueWorkWatchdog(JobWorkflow workflow, IOptions<CoordinatorOptions> options, ILogger<OverdueWorkWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WatchdogInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var (resent, failed) = await workflow.ResendOverdueWorkAsync(stoppingToken);
                    if (resent + failed > 0)
                    {
                        logger.LogWarning("Watchdog: {Resent} unanswered commands sent again, {Failed} tasks failed for want of a reply", resent, failed);
                    }
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    // The database is away: nothing can be decided until it is back.
                    logger.LogWarning(e, "Watchdog round skipped; the next one tries again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
