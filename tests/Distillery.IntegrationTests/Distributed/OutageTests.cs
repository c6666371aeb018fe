using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Distillery.Evaluation.Reports;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Labeling;
using Distillery.ServiceDefaults.Messaging;
using Npgsql;
using Xunit.Abstractions;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// Outages of the servers a job depends on, every service its own process, on a RabbitMQ and a
/// PostgreSQL of the test's own (stopping the shared ones would fail every other test). A 60 s
/// stop of either mid-labelling gives the calm run's report: the services' message retries (the
/// default policy, about 3.5 minutes) outlast it (the teacher's token counts aside: see <see cref="WithoutSpend"/>). Where an outage outlasts the retries, the
/// Coordinator's watchdog sends the unanswered work again; where nothing answers at all, it fails
/// the task with the reason, so no job stays RUNNING. The teacher is the slow stand-in (100 ms a
/// text, here 200 ms), so the outage begins while a pool's batches are at the teacher.
/// </summary>
// One at a time: each starts every service as a process, with its ports and database connections.
[Collection("distributed services")]
public sealed class OutageTests(ITestOutputHelper output) : IDisposable
{
    private const int Tasks = 2;
    private const int LabelsInAll = Tasks * (30 + 120 + 60);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-outage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task A_60_second_PostgreSQL_stop_mid_labelling_gives_the_calm_report()
    {
        await using var servers = await PrivateServers.StartAsync();
        await RunCalmThenDisturbedAsync(servers, DefaultRetries(), [], async () =>
        {
            await servers.StopPostgresAsync();
            await Task.Delay(Outage);
            await servers.StartPostgresAsync();
        });
    }

    [ServersFact]
    public async Task A_60_second_RabbitMQ_stop_mid_labelling_gives_the_calm_report()
    {
        await using var servers = await PrivateServers.StartAsync();
        await RunCalmThenDisturbedAsync(servers, DefaultRetries(), [], async () =>
        {
            await servers.StopRabbitMqAsync();
            await Task.Delay(Outage);
            await servers.StartRabbitMqAsync();
        });
    }

    /// <summary>
    /// Retries of a few milliseconds park the batches in <c>label-batch_error</c> while PostgreSQL
    /// is away; only the watchdog's re-sends can finish the job.
    /// </summary>
    [ServersFact]
    public async Task Work_parked_in_an_error_queue_by_an_outage_is_sent_again_by_the_watchdog()
    {
        await using var servers = await PrivateServers.StartAsync();
        var resent = await RunCalmThenDisturbedAsync(
            servers, [], ["--Distillery:Coordinator:LabelingReplyTimeout=00:00:05", "--Distillery:Coordinator:WatchdogInterval=00:00:01"], async () =>
            {
                await servers.StopPostgresAsync();
                await Task.Delay(TimeSpan.FromSeconds(10));
                await servers.StartPostgresAsync();
            });
        Assert.True(resent > 0, "no work was sent again: the outage did not park any batch, so the test proves nothing");
    }

    [ServersFact]
    public async Task Work_nobody_answers_fails_its_task_with_the_reason_instead_of_running_for_ever()
    {
        await using var servers = await PrivateServers.StartAsync();
        await using var services = await DistributedServices.StartAsync(
            servers: servers,
            coordinatorSettings: ["--Distillery:Coordinator:LabelingReplyTimeout=00:00:02", "--Distillery:Coordinator:MaxResends=1", "--Distillery:Coordinator:WatchdogInterval=00:00:00.500"]);
        try
        {
            await services.KillAsync("labeling");
            var job = DistributedJobs.Write(_folder, "unanswered", tasks: 1);
            var submitted = await services.CliAsync(Deadline, "submit", job);
            Assert.True(submitted.ExitCode == 0, submitted.Output);
            var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();

            var clock = Stopwatch.StartNew();
            var watched = await services.CliAsync(Deadline, "watch", jobId);
            Assert.Equal(1, watched.ExitCode);
            var status = JsonNode.Parse((await services.CliAsync(Deadline, "status", jobId, "--json")).Output)!;
            Assert.Equal("FAILED", status["state"]!.GetValue<string>());
            var task = status["tasks"]!.AsArray().Single()!;
            Assert.Equal("TASK_FAILED", task["state"]!.GetValue<string>());
            var failure = task["failure"]!.GetValue<string>();
            Assert.StartsWith("no reply from Labeling to LabelBatch ", failure, StringComparison.Ordinal);
            Assert.Contains("after 2 sends", failure, StringComparison.Ordinal);
            output.WriteLine($"failed {clock.Elapsed.TotalSeconds:0.0} s after submit: {failure}");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    /// <summary>The services' message retries as a deployment has them (the tests' own are milliseconds).</summary>
    private static string[] DefaultRetries()
    {
        var defaults = new BusOptions();
        return
        [
            $"--Distillery:Bus:RetryLimit={defaults.RetryLimit}",
            $"--Distillery:Bus:RetryMinInterval={defaults.RetryMinInterval:c}",
            $"--Distillery:Bus:RetryMaxInterval={defaults.RetryMaxInterval:c}",
            $"--Distillery:Bus:RetryIntervalDelta={defaults.RetryIntervalDelta:c}",
        ];
    }

    /// <summary>
    /// The same job twice on the same services, the second disturbed once it is well into
    /// labelling; asserts equal reports (timings aside) and one label per document and teacher.
    /// Returns how many commands of the disturbed job the watchdog sent again.
    /// </summary>
    private async Task<long> RunCalmThenDisturbedAsync(PrivateServers servers, string[] busSettings, string[] coordinatorSettings, Func<Task> disturb)
    {
        await using var teacher = await ChatCompletionsStandIn.StartAsync();
        var (teacherBlock, endpoint) = DistributedJobs.SlowStandInTeacher(teacher);
        // Slower still: a pool batch of 40 takes 2 s at four calls at a time, time for the outage to begin within it.
        teacher.Latency = TimeSpan.FromMilliseconds(200);
        // The label cache in Labeling's memory, emptied by a restart between the runs: the second
        // job must ask the teacher for every text, as the first did, or there is no labelling to disturb.
        await using var services = await DistributedServices.StartAsync(
            teacher: endpoint, busSettings: busSettings, coordinatorSettings: coordinatorSettings, servers: servers,
            labelingSettings: ["--Distillery:Labeling:LabelCache=File"]);
        var job = DistributedJobs.Write(_folder, "outage", tasks: Tasks, documents: 210, pool: 120, teacherAndGate: teacherBlock);
        try
        {
            var calm = await RunAsync(services, job, null);
            await services.RestartAsync("labeling");
            var clock = Stopwatch.StartNew();
            var disturbed = await RunAsync(services, job, async jobId =>
            {
                // As soon as a pool's batches are out: labels are stored a batch at a time, at its end.
                await using var database = NpgsqlDataSource.Create(servers.Postgres);
                await JobDatabase.WaitUntilAsync(
                    async () => await JobDatabase.ScalarAsync(database, "SELECT count(*) FROM coordinator_tasks WHERE job_id = $1 AND state = 'LabelingPool'", Guid.Parse(jobId)) > 0,
                    "a task labelling its pool", TimeSpan.FromSeconds(60));
                var before = await JobDatabase.LabelsAsync(database, jobId);
                Assert.True(before < LabelsInAll - 100, $"{before} of {LabelsInAll} labels before the outage: not mid-labelling");
                await disturb();
            });
            Assert.Equal(WithoutSpend(calm.Report), WithoutSpend(disturbed.Report));

            await using var after = NpgsqlDataSource.Create(servers.Postgres);
            foreach (var jobId in new[] { calm.JobId, disturbed.JobId })
            {
                await using var command = after.CreateCommand(
                    "SELECT count(*), count(DISTINCT (task_id, document_id, teacher)) FROM labeling_labels WHERE task_id LIKE $1");
                command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(jobId).ToString("N") + "-%" });
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.Equal((LabelsInAll, LabelsInAll), (reader.GetInt64(0), reader.GetInt64(1)));
            }

            var resent = await JobDatabase.ScalarAsync(after, "SELECT coalesce(sum(sends - 1), 0)::bigint FROM coordinator_work WHERE job_id = $1", Guid.Parse(disturbed.JobId));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"disturbed run: {clock.Elapsed.TotalSeconds:0.0} s, calm run {calm.Seconds:0.0} s; commands sent again by the watchdog: {resent}"));
            return resent;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    /// <summary>
    /// The report without timings and without what the teacher cost. Known gap: a batch whose
    /// labels were not stored (the database away) is labelled again from the label cache, which
    /// counts no tokens, so the report leaves out the tokens spent on the lost attempt. Labels,
    /// metrics, comparisons and texts labelled must be the calm run's.
    /// </summary>
    private static string WithoutSpend(string report)
    {
        var root = JsonNode.Parse(JsonReportWriter.WithoutTimings(report))!;
        Remove(root);
        return root.ToJsonString();

        static void Remove(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject json:
                    foreach (var spend in new[] { "promptTokens", "completionTokens", "costUsd", "cacheHits" })
                    {
                        json.Remove(spend);
                    }

                    foreach (var (_, child) in json.ToList())
                    {
                        Remove(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Remove(child);
                    }

                    break;
            }
        }
    }

    private async Task<(string JobId, string Report, double Seconds)> RunAsync(DistributedServices services, string job, Func<string, Task>? disturb)
    {
        var clock = Stopwatch.StartNew();
        var submitted = await services.CliAsync(Deadline, "submit", job);
        Assert.True(submitted.ExitCode == 0, submitted.Output);
        var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
        var watch = services.CliAsync(Deadline, "watch", jobId);
        if (disturb is not null)
        {
            await disturb(jobId);
        }

        var watched = await watch;
        Assert.True(watched.ExitCode == 0, watched.Output);
        var file = Path.Combine(_folder, $"{jobId}.json");
        var report = await services.CliAsync(Deadline, "report", jobId, "--format", "json", "-o", file);
        Assert.True(report.ExitCode == 0, report.Output);
        return (jobId, await File.ReadAllTextAsync(file), clock.Elapsed.TotalSeconds);
    }
}
