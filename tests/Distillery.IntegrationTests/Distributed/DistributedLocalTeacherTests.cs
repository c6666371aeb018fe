using System.Text.Json.Nodes;
using Distillery.IntegrationTests.Infrastructure;
using Npgsql;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// The distributed mode with a language-model teacher: Coordinator, Labeling, Inference (the
/// test-made tiny GGUF model), Training and Evaluation each its own process. The Labeling
/// service asks the Inference service over gRPC; with <c>mode: auto</c> the Coordinator's gate
/// has the validation split labelled in every mode and sends the pool in the mode it chose.
/// </summary>
[Collection("distributed services")]
public sealed class DistributedLocalTeacherTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-distributed-local-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task A_three_task_job_labelled_by_the_local_teacher_compares_modes_at_the_gate_and_completes()
    {
        await using var services = await DistributedServices.StartAsync(inferenceModelFolder: _folder);
        var job = DistributedJobs.Write(_folder, "local-teacher", tasks: 3, $"""
            teacher:
              kind: local
              model: tiny
              endpoint: inference
              mode: auto
              batch_size: 8
            gate:
              metric: accuracy
              threshold: 0
            """,
            // Random weights tend to give every text one label, which no student can learn from.
            arms: "[human-student, teacher]");
        try
        {
            var submitted = await Cli(services, "submit", job);
            Assert.True(submitted.ExitCode == 0, submitted.Output);
            var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
            var watched = await Cli(services, "watch", jobId);
            Assert.True(watched.ExitCode == 0, watched.Output);
            var reportFile = Path.Combine(_folder, "report.json");
            Assert.Equal(0, (await Cli(services, "report", jobId, "--format", "json", "-o", reportFile)).ExitCode);

            var report = JsonNode.Parse(File.ReadAllText(reportFile))!;
            Assert.Equal("tiny (local, auto)", report["teacher"]!["name"]!.GetValue<string>());
            var chosenTeachers = new Dictionary<string, string>();
            foreach (var task in report["tasks"]!.AsArray())
            {
                Assert.Equal("completed", task!["outcome"]!.GetValue<string>());
                var modes = task["gate"]!["modes"]!.AsArray();
                Assert.Equal(["score", "calibrated_score", "generate"], modes.Select(mode => mode!["mode"]!.GetValue<string>()));
                var chosen = Assert.Single(modes, mode => mode!["chosen"]!.GetValue<bool>())!;
                Assert.Equal(modes.Max(mode => mode!["accuracy"]!.GetValue<double>()), chosen["accuracy"]!.GetValue<double>());
                var teacher = chosen["teacher"]!.GetValue<string>();
                chosenTeachers[task["task"]!.GetValue<string>()] = teacher;
                Assert.Equal(teacher, task["arms"]!.AsArray().Single(arm => arm!["arm"]!.GetValue<string>() == "teacher")!["name"]!.GetValue<string>());
                var usage = task["teacherUsage"]!;
                Assert.Equal("tiny", usage["model"]!.GetValue<string>());
                Assert.Matches("^p-[0-9a-f]{12}$", usage["promptVersion"]!.GetValue<string>());
                // Validation in three modes, then the pool and the test split in the chosen one, as a local run counts them.
                Assert.Equal((3 * 30) + 60 + 60, usage["textsLabelled"]!.GetValue<int>());
                Assert.True(usage["promptTokens"]!.GetValue<long>() > 150 * 40, usage.ToJsonString());
            }

            // Each validation document once per mode, under the mode's name; pool and test once, under the chosen mode's.
            await DistributedJobTests.AssertOneLabelPerDocument(jobId, expected: 3 * ((3 * 30) + 60 + 60));
            await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
            foreach (var (task, teacher) in chosenTeachers)
            {
                await using var command = database.CreateCommand(
                    "SELECT count(*) FILTER (WHERE teacher = $2), count(DISTINCT teacher) FROM labeling_labels WHERE task_id = $1");
                command.Parameters.Add(new NpgsqlParameter { Value = $"{Guid.Parse(jobId):N}-{task}" });
                command.Parameters.Add(new NpgsqlParameter { Value = teacher });
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.Equal(30 + 60 + 60, reader.GetInt64(0));
                Assert.Equal(3, reader.GetInt64(1));
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    private static Task<(int ExitCode, string Output)> Cli(DistributedServices services, params string[] arguments) =>
        services.CliAsync(Deadline, arguments);
}
