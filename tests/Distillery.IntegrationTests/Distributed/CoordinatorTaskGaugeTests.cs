using System.Net;
using System.Net.Sockets;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Processes;
using Distillery.IntegrationTests.Telemetry;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// The Coordinator process (distillery-coordinator.dll) exports <c>distillery_tasks</c>, tasks by
/// state, over OTLP: counts of its coordinator_tasks table, refreshed while it runs. It gets a
/// database of its own (the counts are then exactly the rows this test writes) and the in-memory
/// bus (nothing of other tests' jobs reaches it).
/// </summary>
// One at a time: each starts every service as a process, with its ports and database connections.
[Collection("distributed services")]
public sealed class CoordinatorTaskGaugeTests
{
    [PostgresFact]
    public async Task A_running_coordinator_exports_how_many_tasks_are_in_each_state_and_follows_changes()
    {
        await using var collector = await LoopbackOtlpReceiver.StartAsync();
        await using var database = await ScratchDatabase.CreateAsync("distillery_gauge");
        var httpPort = FreePort();
        await using var coordinator = ServiceProcess.Start("Distillery.Coordinator.Host", "distillery-coordinator",
        [
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{FreePort()}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            "--Distillery:Logging:Format=Text",
            "--Distillery:Bus:Transport=InMemory",
            $"--Distillery:Database:ConnectionString={database.ConnectionString}",
            .. TestPrincipals.Principal(0, "gauge", "gauge-test-token"),
            "--Distillery:Coordinator:TaskCountInterval=00:00:00.200",
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Address}",
            "--OTEL_METRIC_EXPORT_INTERVAL=300",
        ]);
        await WaitReadyAsync(coordinator, httpPort);

        // The schema is the Coordinator's (it migrated at start-up); one job, five tasks.
        var job = Guid.NewGuid();
        await database.ExecuteAsync($"INSERT INTO coordinator_jobs (job_id, name, spec, state) VALUES ('{job}', 'gauge', ''::bytea, 'Running')");
        string[] states = ["LabelingPool", "LabelingPool", "LabelingPool", "Completed", "Completed"];
        for (var i = 0; i < states.Length; i++)
        {
            await database.ExecuteAsync(
                "INSERT INTO coordinator_tasks (job_id, task_name, task_id, position, state, validation_ids, pool_ids, test_ids) " +
                $"VALUES ('{job}', 'task-{i}', '{job}-{i}', {i}, '{states[i]}', '{{}}', '{{}}', '{{}}')");
        }

        // The rows go in one by one: wait for a count taken after the last of them, not between.
        var first = await LatestAsync(collector, coordinator, counts => counts.GetValueOrDefault("LabelingPool") == 3 && counts.GetValueOrDefault("Completed") == 2);
        Assert.Equal(3, first["LabelingPool"]);
        Assert.Equal(2, first["Completed"]);
        // Every state is reported, zero when empty, so an emptied state falls to zero on the dashboard.
        Assert.Equal(0, first["Evaluating"]);
        Assert.Equal(0, first["TrainingStudents"]);
        Assert.Equal(9, first.Count);

        await database.ExecuteAsync($"UPDATE coordinator_tasks SET state = 'Evaluating' WHERE job_id = '{job}' AND task_name = 'task-0'");
        var second = await LatestAsync(collector, coordinator, counts => counts.GetValueOrDefault("Evaluating") == 1);
        Assert.Equal(2, second["LabelingPool"]);
        Assert.Equal(1, second["Evaluating"]);
        Assert.Equal(2, second["Completed"]);
    }

    /// <summary>The most recent distillery_tasks points of the coordinator, by state, once <paramref name="until"/> holds.</summary>
    private static async Task<Dictionary<string, double>> LatestAsync(LoopbackOtlpReceiver collector, ServiceProcess coordinator, Func<Dictionary<string, double>, bool> until)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var latest = new Dictionary<string, double>(StringComparer.Ordinal);
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var points = collector.Received("metrics")
                .SelectMany(OtlpMetrics.NumberPoints)
                .Where(point => point.Metric == "distillery_tasks")
                .ToList();
            if (points.Count > 0)
            {
                Assert.All(points, point => Assert.Equal("coordinator", point.Service));
                Assert.All(points, point => Assert.Equal("{task}", point.Unit));
                var last = points.Max(point => point.TimeUnixNano);
                latest = points.Where(point => point.TimeUnixNano == last).ToDictionary(point => point.Attributes["state"], point => point.Value, StringComparer.Ordinal);
                if (until(latest))
                {
                    return latest;
                }
            }

            Assert.False(coordinator.HasExited, $"the Coordinator exited:\n{coordinator.Output}");
            await Task.Delay(200);
        }

        throw new TimeoutException($"distillery_tasks did not reach the expected counts within 30 s (last: {string.Join(", ", latest.Select(p => $"{p.Key}={p.Value}"))}):\n{coordinator.Output}");
    }

    private static async Task WaitReadyAsync(ServiceProcess process, int httpPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(process.HasExited, $"the Coordinator exited while starting:\n{process.Output}");
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health/ready"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the Coordinator was not ready within 60 s:\n{process.Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
