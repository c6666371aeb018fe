using System.Text.Json.Nodes;
using Distillery.IntegrationTests.EndToEnd;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.Training.Encoders;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// The students that start from all-MiniLM-L6-v2, <c>embedding-logreg</c> (ONNX Runtime) and
/// <c>finetune</c> (TorchSharp), in a whole job: run locally and submitted to the services, each
/// report names the encoder and every student arm learns the task. Short texts cut to 32 tokens,
/// one epoch, one thread: seconds, not minutes.
/// </summary>
[Collection("distributed services")]
public sealed class PretrainedStudentJobTests : IDisposable
{
    private const string Students = """
          - kind: embedding-logreg
            name: minilm-logreg
            max_length: 32
          - kind: finetune
            name: minilm-tuned
            max_length: 32
            epochs: 2
            batch_size: 8
            learning_rate: 0.0001
            threads: 1
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-pretrained-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task A_job_with_an_embedding_and_a_finetuned_student_runs_locally_and_distributed_and_names_the_encoder()
    {
        var job = DistributedJobs.Write(_folder, "pretrained", tasks: 1, students: Students.TrimEnd());

        var local = await DistilleryProcess.RunAsync(Deadline, "run", job, "--out", Path.Combine(_folder, "local"));
        Assert.True(local.ExitCode == 0, local.Output);
        AssertLearntAndNamed(JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "local", "report.json")))!);

        await using var services = await DistributedServices.StartAsync();
        try
        {
            AssertLearntAndNamed(JsonNode.Parse(await services.SubmitWatchAndReportAsync(Deadline, job, Path.Combine(_folder, "distributed.json")))!);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    [Fact]
    public async Task A_local_run_whose_encoder_file_is_damaged_stops_at_the_job_check_naming_the_student_and_the_file()
    {
        var packaged = await PackagedMiniLm.EnsureAsync(PackagedMiniLm.DefaultFolder(), PackagedMiniLm.DefaultPackageRoots());
        var truncated = Path.Combine(_folder, "bert.onnx");
        await using (var source = File.OpenRead(packaged.ModelPath))
        await using (var target = File.Create(truncated))
        {
            var head = new byte[1 << 20];
            await source.ReadExactlyAsync(head);
            await target.WriteAsync(head);
        }

        var job = DistributedJobs.Write(_folder, "damaged", tasks: 1, students: "  - kind: embedding-logreg\n    name: site\n    encoder: site-bert\n    max_length: 32");
        var run = await DistilleryProcess.RunAsync(Deadline, new Dictionary<string, string>
        {
            ["Distillery__Training__Encoders__site-bert__Model"] = truncated,
            ["Distillery__Training__Encoders__site-bert__Vocabulary"] = packaged.VocabularyPath,
        }, "run", job, "--out", Path.Combine(_folder, "out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("student 'site': encoder 'site-bert'", run.Output, StringComparison.Ordinal);
        Assert.Contains(truncated, run.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing was run.", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "out", "report.json")));
    }

    private static void AssertLearntAndNamed(JsonNode report)
    {
        Assert.Equal(
            ["minilm-logreg (embedding-logreg, encoder all-minilm-l6-v2, max_length 32)", "minilm-tuned (finetune, encoder all-minilm-l6-v2, max_length 32)"],
            report["students"]!.AsArray().Select(student => student!.GetValue<string>()));
        var task = report["tasks"]!.AsArray().Single()!;
        Assert.Equal("completed", task["outcome"]!.GetValue<string>());
        var studentArms = task["arms"]!.AsArray().Where(arm => arm!["arm"]!.GetValue<string>() != "teacher").ToList();
        // Two students on two label sources.
        Assert.Equal(4, studentArms.Count);
        foreach (var arm in studentArms)
        {
            // Sport against money news in 60 texts: an encoder that knows language gets most of the test split right.
            Assert.True(arm!["f1"]!["value"]!.GetValue<double>() > 0.7, arm.ToJsonString());
        }

        // Each student against its own human-trained twin and against the teacher, in the task's
        // comparisons and in the summary's medians: never one student against the other.
        string[] pairs =
        [
            "human-student/minilm-logreg − teacher-student/minilm-logreg",
            "teacher − teacher-student/minilm-logreg",
            "human-student/minilm-tuned − teacher-student/minilm-tuned",
            "teacher − teacher-student/minilm-tuned",
        ];
        Assert.Equal(pairs, task["comparisons"]!.AsArray().Select(c => $"{c!["armA"]} − {c["armB"]}"));
        Assert.Equal(pairs, report["summary"]!["gaps"]!.AsArray().Where(g => g!["metric"]!.GetValue<string>() == "f1").Select(g => $"{g!["armA"]} − {g["armB"]}"));
    }
}
