using System.Diagnostics;
using Distillery.Evaluation.Reports;
using Distillery.IntegrationTests.Infrastructure;
using Npgsql;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// Restart safety: the same job and seed, run uninterrupted, with the Labeling process killed
/// (SIGKILL) while it labels, and with RabbitMQ restarted mid-job, gives the same report (timings
/// aside) with exactly one label per (task, document, teacher). How: every command carries an id
/// chosen from the job's state (batch, model, evaluation), consumers write idempotently (insert
/// if absent) and replies are applied once ("work done" is set once, transitions check the state
/// they leave); the Coordinator sends through a PostgreSQL outbox written with each state change;
/// unacknowledged messages are redelivered by RabbitMQ after a crash.
/// </summary>
// One at a time: each starts every service as a process, with its ports and database connections.
[Collection("distributed services")]
public sealed class RestartSafetyTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-restart-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task Killing_labeling_or_restarting_rabbitmq_mid_job_gives_the_same_report_and_no_duplicate_labels()
    {
        await using var services = await DistributedServices.StartAsync();
        var job = DistributedJobs.Write(_folder, "restart-safety", tasks: 3,
            teacherAndGate: DistributedJobs.SimulatedTeacher + "\n" + DistributedJobs.SecondTeacherAndAblation, arms: DistributedJobs.AllArms);
        try
        {
            var (calmId, calmReport) = await RunAsync(services, job, disturb: null);

            var (killedId, killedReport) = await RunAsync(services, job, async jobId =>
            {
                await WaitForLabelsAsync(jobId, 40);
                await services.RestartAsync("labeling");
            });

            var (brokerId, brokerReport) = await RunAsync(services, job, async jobId =>
            {
                await WaitForLabelsAsync(jobId, 40);
                await RestartRabbitMqAsync();
            });

            Assert.Equal(JsonReportWriter.WithoutTimings(calmReport), JsonReportWriter.WithoutTimings(killedReport));
            Assert.Equal(JsonReportWriter.WithoutTimings(calmReport), JsonReportWriter.WithoutTimings(brokerReport));
            foreach (var jobId in new[] { calmId, killedId, brokerId })
            {
                // Each task's teacher labels 150 documents and the second teacher its test split (60); the ablation's two teachers label task-1's pool and test split (60 + 60) each.
                await DistributedJobTests.AssertOneLabelPerDocument(jobId, expected: (3 * (150 + 60)) + (2 * 120));
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    private async Task<(string JobId, string Report)> RunAsync(DistributedServices services, string job, Func<string, Task>? disturb)
    {
        var submitted = await Cli(services, "submit", job);
        Assert.True(submitted.ExitCode == 0, submitted.Output);
        var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
        var watch = Cli(services, "watch", jobId);
        if (disturb is not null)
        {
            await disturb(jobId);
        }

        var watched = await watch;
        Assert.True(watched.ExitCode == 0, watched.Output);
        var file = Path.Combine(_folder, $"{jobId}.json");
        var report = await Cli(services, "report", jobId, "--format", "json", "-o", file);
        Assert.True(report.ExitCode == 0, report.Output);
        return (jobId, await File.ReadAllTextAsync(file));
    }

    private static async Task WaitForLabelsAsync(string jobId, int labels)
    {
        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var command = database.CreateCommand("SELECT count(*) FROM labeling_labels WHERE task_id LIKE $1");
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(jobId).ToString("N") + "-%" });
            if ((long)(await command.ExecuteScalarAsync())! >= labels)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"job {jobId} stored no {labels} labels within 60 s");
    }

    private static Task RestartRabbitMqAsync() => ServersScript.RunAsync(
        "restart-rabbitmq", TestServers.RabbitMq.Port, new NpgsqlConnectionStringBuilder(TestServers.Postgres).Port);

    private static Task<(int ExitCode, string Output)> Cli(DistributedServices services, params string[] arguments) =>
        services.CliAsync(Deadline, arguments);
}
