using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Distillery.IntegrationTests.EndToEnd;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Labeling;
using Npgsql;
using Xunit.Abstractions;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// <c>distillery watch</c> outlives the Coordinator: SIGKILLed mid-job and started again, the
/// Coordinator drops the watch's stream; the same watch process says it resumes after the last
/// event it saw, follows the job to its end and exits 0, having shown every event of the job
/// once, in order, none missed and none twice. The teacher is an OpenAI-compatible stand-in
/// (100 ms a text, four at a time), so the job runs long enough to be interrupted.
/// </summary>
// One at a time: each starts every service as a process, with its ports and database connections.
[Collection("distributed services")]
public sealed partial class WatchResumeTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-watch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task A_watch_carries_on_across_a_coordinator_killed_and_restarted_mid_job_and_shows_each_event_once()
    {
        await using var teacher = await ChatCompletionsStandIn.StartAsync();
        // Registered as an endpoint when the services start.
        var (teacherBlock, endpoint) = DistributedJobs.SlowStandInTeacher(teacher);
        await using var services = await DistributedServices.StartAsync(teacher: endpoint);
        var job = DistributedJobs.Write(_folder, "watch-resume", tasks: 2, documents: 300, pool: 200,
            teacherAndGate: teacherBlock + "\n" + DistributedJobs.SecondTeacherAndAblation, arms: DistributedJobs.AllArms);
        try
        {
            var submitted = await DistilleryProcess.RunAsync(Deadline, new Dictionary<string, string>(), ["submit", job, .. Remote(services)]);
            Assert.True(submitted.ExitCode == 0, submitted.Output);
            var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
            await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
            using var watch = CliProcess.Start(["watch", jobId, "--json", .. Remote(services)]);

            // Mid-pool: events seen, labels written, far from the end (580 of the teacher's labels in all).
            await JobDatabase.WaitUntilAsync(async () => await JobDatabase.FirstTeacherLabelsAsync(database, jobId) >= 150, "150 labels", TimeSpan.FromSeconds(60));
            var eventsBefore = await EventsAsync(database, jobId);
            await services.RestartAsync("coordinator");
            output.WriteLine($"coordinator killed after event {eventsBefore} and restarted");

            var (exitCode, stdout, stderr) = await watch.WaitAsync(Deadline);
            Assert.True(exitCode == 0, $"watch exited {exitCode}\n{stdout}\n{stderr}");
            var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
            // int64 is a string in protobuf's JSON.
            var sequences = events.Select(e => long.Parse(e["sequence"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            // Every event of the job, each once, in order: 1, 2, …, the last one stored.
            var stored = await EventsAsync(database, jobId);
            Assert.Equal(Enumerable.Range(1, (int)stored).Select(i => (long)i), sequences);
            Assert.Equal("COMPLETED", events[^1]["jobState"]!.GetValue<string>());
            Assert.Null(events[^1]["task"]);
            foreach (var task in new[] { "task-0", "task-1" })
            {
                Assert.Single(events, e => e["task"]?["task"]?.GetValue<string>() == task && e["task"]!["state"]!.GetValue<string>() == "TASK_COMPLETED");
            }

            // It said so on stderr, after an event it had shown, and went on from the next.
            var resumed = ResumingLine().Matches(stderr).Select(match => long.Parse(match.Groups["after"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.NotEmpty(resumed);
            Assert.All(resumed, after => Assert.InRange(after, 1, stored - 1));
            Assert.DoesNotContain("resuming", stdout, StringComparison.Ordinal);
            output.WriteLine($"{events.Count} events shown, {stored} stored; stderr:\n{stderr}");

            // Its stdout alone is the JSON; a failure says what the command printed on both streams.
            using var statusProcess = CliProcess.Start(["status", jobId, "--json", .. Remote(services)]);
            var status = await statusProcess.WaitAsync(Deadline);
            Assert.True(status.ExitCode == 0, $"status exited {status.ExitCode}\n{status.Stdout}\n{status.Stderr}");
            Assert.Equal("COMPLETED", JsonNode.Parse(status.Stdout)!["state"]!.GetValue<string>());
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    private static string[] Remote(DistributedServices services) => ["--endpoint", services.Endpoint, "--token", DistributedServices.Token];

    private static Task<long> EventsAsync(NpgsqlDataSource database, string jobId) =>
        JobDatabase.ScalarAsync(database, "SELECT coalesce(max(sequence), 0) FROM coordinator_events WHERE job_id = $1", Guid.Parse(jobId));

    [GeneratedRegex(@"resuming after event (?<after>\d+)")]
    private static partial Regex ResumingLine();

    /// <summary>The client run while the test acts (the watch) or after (status), its stdout and stderr kept apart.</summary>
    private sealed class CliProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;

        private CliProcess(Process process)
        {
            _process = process;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public static CliProcess Start(string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "distillery.dll"), .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["NO_COLOR"] = "1";
            return new CliProcess(Process.Start(start)!);
        }

        public async Task<(int ExitCode, string Stdout, string Stderr)> WaitAsync(TimeSpan deadline)
        {
            using var timeout = new CancellationTokenSource(deadline);
            await _process.WaitForExitAsync(timeout.Token);
            return (_process.ExitCode, await _stdout, await _stderr);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
