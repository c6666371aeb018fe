using System.Text.Json.Nodes;
using Distillery.Evaluation.Reports;
using Distillery.IntegrationTests.Benchmark;
using Distillery.IntegrationTests.Infrastructure;

namespace Distillery.IntegrationTests.EndToEnd;

/// <summary><c>distillery run</c> as a user runs it, on two real benchmark tasks.</summary>
[Collection(SharedBuiltSuite.Name)]
public sealed class RunCommandTests(BuiltSuiteFixture suite) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Job(string teacher, string extra = "", string students = "  - kind: tfidf-logreg\n    C: 10\n")
    {
        var data = suite.FirstFolder;
        var path = Path.Combine(_folder, $"job-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            name: e2e
            seed: 3
            output: out
            tasks:
              - file: {data}/brown-reviews/task.yaml
              - file: {data}/sotu-postwar/task.yaml
            teacher:
            {teacher}
            students:
            {students}
            arms: [human-student, teacher-student, teacher]
            bootstrap:
              resamples: 200
            {extra}
            """);
        return path;
    }

    private const string SimulatedTeacher = "  kind: simulated\n  false_positive_rate: 0.1\n  false_negative_rate: 0.05";

    [CorporaFact]
    public async Task Same_job_and_seed_run_twice_give_the_same_report_apart_from_timings()
    {
        var job = Job(SimulatedTeacher, "ablation:\n  tasks: [brown-reviews]\n  noise_rates: [0.0, 0.3]");

        var first = await DistilleryProcess.RunAsync(Deadline, "run", job, "--out", Path.Combine(_folder, "first"));
        var second = await DistilleryProcess.RunAsync(Deadline, "run", job, "--out", Path.Combine(_folder, "second"), "--parallelism", "1");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "first", "report.json")))!;
        var tasks = report["tasks"]!.AsArray();
        Assert.Equal(2, tasks.Count);
        foreach (var task in tasks)
        {
            Assert.Equal("completed", task!["outcome"]!.GetValue<string>());
            Assert.Equal(3, task["arms"]!.AsArray().Count);
            foreach (var arm in task["arms"]!.AsArray())
            {
                foreach (var metric in new[] { "accuracy", "precision", "recall", "f1" })
                {
                    var estimate = arm![metric]!;
                    Assert.InRange(estimate["value"]!.GetValue<double>(), estimate["lower"]!.GetValue<double>(), estimate["upper"]!.GetValue<double>());
                }
            }
        }

        Assert.Equal(2, report["ablations"]![0]!["points"]!.AsArray().Count);
        Assert.Equal(
            JsonReportWriter.WithoutTimings(File.ReadAllText(Path.Combine(_folder, "first", "report.json"))),
            JsonReportWriter.WithoutTimings(File.ReadAllText(Path.Combine(_folder, "second", "report.json"))));
        Assert.True(File.Exists(Path.Combine(_folder, "first", "labels", "brown-reviews.jsonl")));
        // Two tasks times two student arms, plus one student per ablation noise rate.
        Assert.Equal(6, Directory.GetFiles(Path.Combine(_folder, "first", "students"), "*.model").Length);
    }

    [CorporaFact]
    public async Task Students_can_train_on_the_teachers_probabilities_and_drop_unsure_items()
    {
        // The simulated teacher gives a probability per label; soft labels and confidence filtering use them.
        var job = Job(SimulatedTeacher, students: "  - kind: tfidf-logreg\n    soft_labels: true\n    min_confidence: 0.85\n");

        var (exitCode, output) = await DistilleryProcess.RunAsync(Deadline, "run", job, "--out", Path.Combine(_folder, "soft"));

        Assert.True(exitCode == 0, output);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "soft", "report.json")))!;
        foreach (var task in report["tasks"]!.AsArray())
        {
            var human = task!["arms"]!.AsArray().First(arm => arm!["arm"]!.GetValue<string>() == "human-student")!;
            var taught = task["arms"]!.AsArray().First(arm => arm!["arm"]!.GetValue<string>() == "teacher-student")!;
            // Flipped labels carry confidence 0.88 or 0.95, so 0.85 keeps them all: same size as the labelled pool.
            Assert.True(taught["costs"]!["trainingItems"]!.GetValue<int>() >= human["costs"]!["trainingItems"]!.GetValue<int>());
        }
    }

    [CorporaFact]
    public async Task Very_noisy_teacher_stops_at_the_gate_with_the_disagreements_in_the_report()
    {
        var job = Job("  kind: simulated\n  flip_rate: 0.5");

        var (exitCode, output) = await DistilleryProcess.RunAsync(Deadline, "run", job, "--out", Path.Combine(_folder, "noisy"));

        Assert.Equal(2, exitCode);
        Assert.Contains("stopped at the validation gate", output, StringComparison.Ordinal);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "noisy", "report.json")))!;
        foreach (var task in report["tasks"]!.AsArray())
        {
            Assert.Equal("gateFailed", task!["outcome"]!.GetValue<string>());
            Assert.False(task["gate"]!["passed"]!.GetValue<bool>());
            Assert.Empty(task["arms"]!.AsArray());
            var disagreement = task["gate"]!["disagreements"]!.AsArray().First()!;
            Assert.NotEqual(disagreement["human"]!.GetValue<string>(), disagreement["teacher"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(disagreement["excerpt"]!.GetValue<string>()));
        }
    }

    [CorporaFact]
    public async Task Job_with_an_error_fails_before_any_work_naming_the_problem()
    {
        var unknownStudent = Job(SimulatedTeacher, students: "  - kind: bert-large\n");
        var missingFile = Job("  kind: replay\n  path: nowhere/{task}.jsonl");
        var badKey = Job(SimulatedTeacher, "gate:\n  metirc: kappa");

        var results = new[]
        {
            (await DistilleryProcess.RunAsync(Deadline, "run", unknownStudent, "--out", Path.Combine(_folder, "a")), "unknown kind 'bert-large'"),
            (await DistilleryProcess.RunAsync(Deadline, "run", missingFile, "--out", Path.Combine(_folder, "b")), "replay file"),
            (await DistilleryProcess.RunAsync(Deadline, "run", badKey, "--out", Path.Combine(_folder, "c")), "unknown key 'metirc'"),
        };

        foreach (var ((exitCode, output), expected) in results)
        {
            Assert.Equal(2, exitCode);
            Assert.Contains(expected, output, StringComparison.Ordinal);
            Assert.Contains("Nothing was run.", output, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.Combine(_folder, "a")));
        // Spec errors point at the job file's line and column.
        Assert.Matches(@"job-[0-9a-f]+\.yaml:\d+:\d+: unknown key 'metirc'", results[2].Item1.Output);
    }
}
