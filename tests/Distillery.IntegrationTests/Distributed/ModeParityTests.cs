using Distillery.Evaluation.Reports;
using Distillery.IntegrationTests.EndToEnd;
using Distillery.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// One job, two modes: <c>distillery run</c> and <c>distillery submit</c> against the services
/// as processes give the same report, timings aside: the same teacher noise, the same students,
/// the same intervals, the same counts. (They drifted once: the two paths derived their seeds
/// differently, so brown-press's teacher scored F1 0.861 locally and 0.812 distributed.)
/// </summary>
[Collection("distributed services")]
public sealed class ModeParityTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-parity-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task A_job_with_two_students_a_second_teacher_and_the_noise_ablation_run_locally_and_submitted_gives_the_same_report()
    {
        // Three tasks with a noisy teacher (a fifth of each class flipped), a noisier second
        // teacher, two students and the noise ablation on two tasks, so seeds show in every arm.
        var job = DistributedJobs.Write(_folder, "parity", tasks: 3, documents: 200, pool: 100, teacherAndGate: """
            teacher:
              kind: simulated
              false_positive_rate: 0.2
              false_negative_rate: 0.2
            second_teacher:
              kind: simulated
              name: second-simulated
              flip_rate: 0.3
            gate:
              metric: kappa
              threshold: 0.1
            ablation:
              tasks: [task-2, task-0]
              noise_rates: [0.0, 0.3]
            """, arms: "[human-student, teacher-student, teacher, second-teacher]", students: DistributedJobs.TfidfStudent + "\n  - kind: embedding-logreg\n    name: minilm\n    max_length: 32");

        var (localReport, distributedReport) = await BothWaysAsync(job);

        Assert.Equal(localReport, distributedReport);
        // The second teacher is an arm of its own, named as it labelled, in both.
        Assert.Contains("\"arm\": \"second-teacher\"", distributedReport, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"second-simulated\"", distributedReport, StringComparison.Ordinal);
        // The noise ablation ran in both, on its tasks in the spec's order, and its arms stayed out of the tasks' arms.
        var ablations = System.Text.Json.Nodes.JsonNode.Parse(distributedReport)!["ablations"]!.AsArray();
        Assert.Equal(["task-2", "task-0"], ablations.Select(curve => (string)curve!["task"]!));
        Assert.All(ablations, curve => Assert.Equal(2, curve!["points"]!.AsArray().Count));
        Assert.DoesNotContain("ablation-", distributedReport.Replace("\"ablations\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [ServersFact]
    public async Task A_job_with_a_replay_teacher_run_locally_and_submitted_gives_the_same_report()
    {
        // The replay files are on the client's machine: submit uploads their labels with the documents.
        var job = DistributedJobs.Write(_folder, "replay", tasks: 2, documents: 150, teacherAndGate: """
            teacher:
              kind: replay
              path: replay-{task}.csv
            gate:
              metric: kappa
              threshold: 0.1
            """);
        for (var t = 0; t < 2; t++)
        {
            // Every fifth label flipped, so the teacher's F1 and its students show the replayed labels, not the human ones.
            File.WriteAllLines(Path.Combine(_folder, $"replay-task-{t}.csv"), ["id,label", .. Enumerable.Range(0, 150)
                .Select(i => $"t{t}-d{i:000},{((i % 2 == 0) != (i % 5 == 0) ? "sport" : "money")}")]);
        }

        var (localReport, distributedReport) = await BothWaysAsync(job);

        Assert.Equal(localReport, distributedReport);
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(distributedReport)!;
        Assert.Equal("replayed labels (replay-{task}.csv)", (string)parsed["teacher"]!["name"]!);
        // A fifth of the labels differ from the humans': the teacher arm is scored on the replayed ones.
        var teacherF1 = parsed["tasks"]!.AsArray().Select(task => (double)task!["arms"]!.AsArray().Single(arm => (string)arm!["arm"]! == "teacher")!["f1"]!["value"]!);
        Assert.All(teacherF1, f1 => Assert.InRange(f1, 0.6, 0.95));
    }

    /// <summary>The job's JSON report without timings from <c>distillery run</c> and from <c>distillery submit</c> against the services as processes.</summary>
    private async Task<(string Local, string Distributed)> BothWaysAsync(string job)
    {
        var local = await DistilleryProcess.RunAsync(Deadline, "run", job, "--out", Path.Combine(_folder, "local"));
        Assert.True(local.ExitCode == 0, local.Output);
        var localReport = JsonReportWriter.WithoutTimings(File.ReadAllText(Path.Combine(_folder, "local", "report.json")));

        await using var services = await DistributedServices.StartAsync();
        try
        {
            var distributedReport = JsonReportWriter.WithoutTimings(await services.SubmitWatchAndReportAsync(Deadline, job, Path.Combine(_folder, "distributed.json")));
            output.WriteLine(distributedReport);
            return (localReport, distributedReport);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }
}
