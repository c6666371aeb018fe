using System.Text.Json.Nodes;
using Distillery.IntegrationTests.EndToEnd;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Inference;

/// <summary>
/// <c>distillery run</c> with the <c>local</c> teacher on the tiny model served by the Inference
/// service: the gate compares the three labelling modes, the report says which labelled the task,
/// with which model and prompt version, and how many tokens it took.
/// </summary>
[Collection(SharedLlama.Name)]
public sealed class RunWithLocalTeacherTests(TinyModelFixture fixture) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-local-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Mode_auto_compares_score_calibrated_score_and_generate_at_the_gate_and_reports_the_choice()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var job = WriteJob(server.GrpcAddress, "auto");

        var run = await DistilleryProcess.RunAsync(Deadline, "run", job, "--out", Path.Combine(_folder, "out"));

        Assert.True(run.ExitCode == 0, run.Output);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "out", "report.json")))!;
        var task = report["tasks"]![0]!;
        var modes = task["gate"]!["modes"]!.AsArray();
        Assert.Equal(["score", "calibrated_score", "generate"], modes.Select(mode => mode!["mode"]!.GetValue<string>()));
        var chosen = Assert.Single(modes, mode => mode!["chosen"]!.GetValue<bool>())!;
        // The gate metric is accuracy here: the chosen mode has the best, the earliest on a tie.
        var best = modes.Max(mode => mode!["accuracy"]!.GetValue<double>());
        Assert.Equal(best, chosen["accuracy"]!.GetValue<double>());
        Assert.Equal(modes.First(mode => mode!["accuracy"]!.GetValue<double>() == best), chosen);
        Assert.Equal(chosen["accuracy"]!.GetValue<double>(), task["gate"]!["accuracy"]!.GetValue<double>());
        var chosenTeacher = chosen["teacher"]!.GetValue<string>();
        Assert.StartsWith("tiny (local, ", chosenTeacher, StringComparison.Ordinal);
        var teacherArm = task["arms"]!.AsArray().Single(arm => arm!["arm"]!.GetValue<string>() == "teacher")!;
        Assert.Equal(chosenTeacher, teacherArm["name"]!.GetValue<string>());
        Assert.Equal("tiny (local, auto)", report["teacher"]!["name"]!.GetValue<string>());

        var usage = task["teacherUsage"]!;
        Assert.Equal("tiny", usage["model"]!.GetValue<string>());
        Assert.Matches("^p-[0-9a-f]{12}$", usage["promptVersion"]!.GetValue<string>());
        // Validation 10 texts in each of three modes, then pool 30 and test 20 in the chosen one.
        Assert.Equal((3 * 10) + 30 + 20, usage["textsLabelled"]!.GetValue<int>());
        Assert.True(usage["promptTokens"]!.GetValue<long>() > 60 * 50, usage.ToJsonString());
        var markdown = File.ReadAllText(Path.Combine(_folder, "out", "report.md"));
        Assert.Contains("Labelling modes compared", markdown, StringComparison.Ordinal);
        Assert.Contains("calibrated score", markdown, StringComparison.Ordinal);
        Assert.Contains(usage["promptVersion"]!.GetValue<string>(), markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mode_that_is_not_one_of_the_four_is_refused_with_its_line_and_column()
    {
        var job = WriteJob(new Uri("http://127.0.0.1:1"), "calibrated");

        var run = await DistilleryProcess.RunAsync(Deadline, "run", job, "--out", Path.Combine(_folder, "out"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Matches(@"job\.yaml:\d+:\d+: .*mode 'calibrated' is not one of score, calibrated_score, generate, auto", run.Output);
    }

    private string WriteJob(Uri inference, string mode) => MailJobFiles.Write(_folder, "local-run", $"""
        teacher:
          kind: local
          model: tiny
          address: {inference}
          mode: {mode}
          batch_size: 8
        gate:
          metric: accuracy
          threshold: 0
        """, (10, 30, 20),
        // Random weights tend to give every text one label, which no student can learn from.
        arms: "[human-student, teacher]");
}
