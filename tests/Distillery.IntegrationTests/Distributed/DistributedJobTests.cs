using System.Text.Json.Nodes;
using Distillery.Contracts.Grpc.V1;
using Distillery.Evaluation.Reports;
using Distillery.IntegrationTests.EndToEnd;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// Distributed mode end to end: every service its own process, a job submitted, watched and
/// reported through the <c>distillery</c> client, state checked in PostgreSQL.
/// </summary>
// One at a time: each starts every service as a process, with its ports and database connections.
[Collection("distributed services")]
public sealed class DistributedJobTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-distributed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task A_three_task_job_submitted_through_the_cli_completes_with_one_label_per_document()
    {
        await using var services = await DistributedServices.StartAsync();
        var job = DistributedJobs.Write(_folder, "three-tasks", tasks: 3);
        try
        {
            var submitted = await Cli(services, "submit", job);
            Assert.True(submitted.ExitCode == 0, submitted.Output);
            var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
            Assert.True(Guid.TryParse(jobId, out _), $"submit printed '{submitted.Output}'");

            var watched = await Cli(services, "watch", jobId);
            Assert.True(watched.ExitCode == 0, watched.Output);
            Assert.Contains("task-0", watched.Output, StringComparison.Ordinal);
            Assert.Contains("TaskCompleted", watched.Output, StringComparison.Ordinal);

            var reportFile = Path.Combine(_folder, "report.json");
            var report = await Cli(services, "report", jobId, "--format", "json", "-o", reportFile);
            Assert.True(report.ExitCode == 0, report.Output);
            var json = JsonNode.Parse(File.ReadAllText(reportFile))!;
            var tasks = json["tasks"]!.AsArray();
            Assert.Equal(3, tasks.Count);
            foreach (var task in tasks)
            {
                Assert.Equal("completed", task!["outcome"]!.GetValue<string>());
                Assert.Equal(["human-student", "teacher-student", "teacher"], task["arms"]!.AsArray().Select(arm => arm!["arm"]!.GetValue<string>()));
                Assert.True(task["arms"]![1]!["f1"]!["value"]!.GetValue<double>() > 0.7, task.ToJsonString());
                // Everything the teacher labelled, as a local run counts it: validation, pool and the
                // test split (whose share is also the teacher arm's cost).
                Assert.Equal(150, task["teacherUsage"]!["textsLabelled"]!.GetValue<int>());
            }

            var html = await Cli(services, "report", jobId, "--format", "html", "-o", Path.Combine(_folder, "report.html"));
            Assert.True(html.ExitCode == 0, html.Output);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(_folder, "report.html")), StringComparison.Ordinal);
            await AssertOneLabelPerDocument(jobId, expected: 3 * 150);

            var status = await Cli(services, "status", jobId, "--json");
            Assert.True(status.ExitCode == 0, status.Output);
            Assert.Equal("COMPLETED", JsonNode.Parse(status.Output)!["state"]!.GetValue<string>());
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    [ServersFact]
    public async Task A_malformed_job_is_refused_with_the_field_named_and_nothing_is_stored()
    {
        await using var services = await DistributedServices.StartAsync();
        using var channel = GrpcClients.Channel(new Uri(services.Endpoint));
        var token = new Dictionary<string, string> { ["authorization"] = $"Bearer {DistributedServices.Token}" };
        var name = "malformed-" + Guid.NewGuid().ToString("N")[..8];

        var unknownLabel = DistributedJobs.Request(name, documents => documents[1].HumanLabel = "sprots");
        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).SubmitAsync(unknownLabel, GrpcClients.Options(metadata: token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("spec.tasks[0].documents[1].human_label: 'sprots'", error.Status.Detail, StringComparison.Ordinal);

        var absurdSplit = DistributedJobs.Request(name, _ => { }, test: 5000);
        error = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).SubmitAsync(absurdSplit, GrpcClients.Options(metadata: token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("spec.tasks[0].splits:", error.Status.Detail, StringComparison.Ordinal);

        var noText = DistributedJobs.Request(name, documents => documents[2].Text = "");
        error = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).SubmitAsync(noText, GrpcClients.Options(metadata: token)).ResponseAsync);
        Assert.StartsWith("spec.tasks[0].documents[2].text:", error.Status.Detail, StringComparison.Ordinal);

        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        await using var count = database.CreateCommand("SELECT count(*) FROM coordinator_jobs WHERE name = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = name });
        Assert.Equal(0L, await count.ExecuteScalarAsync());

        var unauthenticated = await DistilleryProcess.RunAsync(Deadline, new Dictionary<string, string>(), "list", "--endpoint", services.Endpoint);
        Assert.Equal(4, unauthenticated.ExitCode);
        Assert.Contains("Unauthenticated", unauthenticated.Output, StringComparison.Ordinal);
    }

    [ServersFact]
    public async Task Twenty_jobs_submitted_at_once_all_complete()
    {
        await using var services = await DistributedServices.StartAsync();
        var job = DistributedJobs.Write(_folder, "many", tasks: 1);
        try
        {
            var submissions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Cli(services, "submit", job)));
            Assert.All(submissions, submitted => Assert.True(submitted.ExitCode == 0, submitted.Output));
            var ids = submissions.Select(submitted => submitted.Output.Trim().Split('\n')[^1].Trim()).ToList();
            Assert.Equal(20, ids.Distinct().Count());

            var watched = await Task.WhenAll(ids.Select(id => Cli(services, "watch", id, "--json")));
            Assert.All(watched, result => Assert.True(result.ExitCode == 0, result.Output));
            var listed = await Cli(services, "list", "--page-size", "100", "--json");
            var jobs = JsonNode.Parse(listed.Output)!["jobs"]!.AsArray();
            Assert.All(ids, id => Assert.Equal("COMPLETED", jobs.Single(listedJob => listedJob!["jobId"]!.GetValue<string>() == id)!["state"]!.GetValue<string>()));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    private static Task<(int ExitCode, string Output)> Cli(DistributedServices services, params string[] arguments) =>
        services.CliAsync(Deadline, arguments);

    internal static async Task AssertOneLabelPerDocument(string jobId, int expected)
    {
        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        await using var command = database.CreateCommand(
            "SELECT count(*), count(DISTINCT (task_id, document_id, teacher)) FROM labeling_labels WHERE task_id LIKE $1");
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(jobId).ToString("N") + "-%" });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        // Validation, pool and test of every task, each labelled once.
        Assert.Equal(expected, reader.GetInt64(0));
    }
}
