using System.Diagnostics;
using System.Text.Json.Nodes;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Labeling;
using Npgsql;
using Xunit.Abstractions;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// <c>distillery cancel</c> while a job labels its pool, every service its own process: the job
/// and its tasks are Cancelled at once, the Coordinator issues no more work, the Labeling service
/// stops calling the teacher and writing labels within seconds (batches already queued or in
/// flight included), and <c>watch</c> ends with the Cancelled state and a non-zero exit code.
/// The teacher is an OpenAI-compatible stand-in answering in 100 ms, four calls at a time, so
/// labelling the whole pool would take about half a minute.
/// </summary>
// One at a time: each starts every service as a process, with its ports and database connections.
[Collection("distributed services")]
public sealed class CancelTests(ITestOutputHelper output) : IDisposable
{
    // The slow teacher's labels of both tasks (the simulated second teacher and ablation teachers label theirs at once).
    private const int TeacherLabelsInAll = 2 * (30 + 500 + 60);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-cancel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task Cancelling_a_job_while_it_labels_stops_its_tasks_and_all_its_work_within_seconds()
    {
        await using var teacher = await ChatCompletionsStandIn.StartAsync();
        // Registered as an endpoint when the services start.
        var (teacherBlock, endpoint) = DistributedJobs.SlowStandInTeacher(teacher);
        await using var services = await DistributedServices.StartAsync(teacher: endpoint);
        var job = DistributedJobs.Write(_folder, "cancel", tasks: 2, documents: 600, pool: 500,
            teacherAndGate: teacherBlock + "\n" + DistributedJobs.SecondTeacherAndAblation, arms: DistributedJobs.AllArms);
        string? jobId = null;
        try
        {
            var submitted = await Cli(services, "submit", job);
            Assert.True(submitted.ExitCode == 0, submitted.Output);
            jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
            await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
            var watch = Cli(services, "watch", jobId, "--json");

            // Well into the pools (the validation splits are 60 labels), far from their end.
            await JobDatabase.WaitUntilAsync(async () => await JobDatabase.FirstTeacherLabelsAsync(database, jobId) >= 150, "150 labels", TimeSpan.FromSeconds(60));
            Assert.Equal(2L, await JobDatabase.ScalarAsync(database, "SELECT count(*) FROM coordinator_tasks WHERE job_id = $1 AND state = 'LabelingPool'", Guid.Parse(jobId)));
            var clock = Stopwatch.StartNew();
            var cancelled = await Cli(services, "cancel", jobId, "--json");
            Assert.True(cancelled.ExitCode == 0, cancelled.Output);
            var cancelSeconds = clock.Elapsed.TotalSeconds;
            var workAtCancel = await JobDatabase.ScalarAsync(database, "SELECT count(*) FROM coordinator_work WHERE job_id = $1", Guid.Parse(jobId));
            var labelsAtCancel = await JobDatabase.LabelsAsync(database, jobId);
            AssertCancelled(JsonNode.Parse(cancelled.Output)!);

            var status = await Cli(services, "status", jobId, "--json");
            Assert.True(status.ExitCode == 0, status.Output);
            AssertCancelled(JsonNode.Parse(status.Output)!);
            var statusSeconds = clock.Elapsed.TotalSeconds;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"cancel and status took {statusSeconds:0.0} s");

            // The watch started before the cancel ends with it: exit code 1, the job's last event Cancelled.
            var watched = await watch;
            Assert.Equal(1, watched.ExitCode);
            var events = watched.Output.Split('\n').Where(line => line.StartsWith('{')).Select(line => JsonNode.Parse(line)!).ToList();
            Assert.Equal("CANCELLED", events[^1]["jobState"]!.GetValue<string>());
            Assert.Null(events[^1]["task"]);
            Assert.Equal(
                ["task-0", "task-1"],
                events.Where(e => e["task"]?["state"]?.GetValue<string>() == "TASK_CANCELLED").Select(e => e["task"]!["task"]!.GetValue<string>()).Order(StringComparer.Ordinal));

            // Batches in flight end their current teacher call; nothing starts after that.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var labels = await JobDatabase.LabelsAsync(database, jobId);
            var requests = teacher.Requests.Count;
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Equal(labels, await JobDatabase.LabelsAsync(database, jobId));
            Assert.Equal(requests, teacher.Requests.Count);
            output.WriteLine($"cancel returned in {cancelSeconds:0.0} s, status showed Cancelled {statusSeconds:0.0} s after the cancel began; labels at the cancel {labelsAtCancel}, 5 s later {labels} (every teacher; the teacher alone would label {TeacherLabelsInAll}); teacher calls {requests}; work rows {workAtCancel}");
            output.WriteLine(string.Join('\n', services.Output.Split('\n').Where(line => line.Contains("cancelled", StringComparison.Ordinal))));
            var teacherLabels = await JobDatabase.FirstTeacherLabelsAsync(database, jobId);
            Assert.True(teacherLabels < TeacherLabelsInAll - 200, $"{teacherLabels} of {TeacherLabelsInAll} texts were labelled by the teacher: labelling did not stop at the cancel");
            Assert.Equal(workAtCancel, await JobDatabase.ScalarAsync(database, "SELECT count(*) FROM coordinator_work WHERE job_id = $1", Guid.Parse(jobId)));
            Assert.Equal(0L, await JobDatabase.ScalarAsync(database, "SELECT count(*) FROM coordinator_work WHERE job_id = $1 AND stage IN ('students', 'evaluation')", Guid.Parse(jobId)));
            Assert.Equal(0L, await JobDatabase.ScalarAsync(database, "SELECT count(*) FROM coordinator_outbox WHERE job_id = $1", Guid.Parse(jobId)));
            AssertCancelled(JsonNode.Parse((await Cli(services, "status", jobId, "--json")).Output)!);

            // A watch begun after the end replays the job to its Cancelled state and fails.
            var late = await Cli(services, "watch", jobId);
            Assert.Equal(1, late.ExitCode);
            Assert.Contains($"({jobId}): Cancelled", late.Output, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
        finally
        {
            // Whatever failed, the job's batches must not wait in the shared queue for the next test's Labeling.
            if (jobId is not null)
            {
                await Cli(services, "cancel", jobId);
            }
        }
    }

    private static void AssertCancelled(JsonNode job)
    {
        Assert.Equal("CANCELLED", job["state"]!.GetValue<string>());
        Assert.All(job["tasks"]!.AsArray(), task => Assert.Equal("TASK_CANCELLED", task!["state"]!.GetValue<string>()));
    }

    private static Task<(int ExitCode, string Output)> Cli(DistributedServices services, params string[] arguments) =>
        services.CliAsync(Deadline, arguments);
}
