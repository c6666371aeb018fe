using Distillery.Contracts.Grpc.V1;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>Small jobs whose classes follow their words, so students learn them in a second.</summary>
internal static class DistributedJobs
{
    private static readonly string[] Sport = ["match", "goal", "team", "coach", "season", "league", "striker", "referee"];
    private static readonly string[] Money = ["bank", "loan", "market", "shares", "profit", "budget", "interest", "investor"];

    /// <summary>The teacher the jobs use unless told otherwise: human labels with simulated noise.</summary>
    public const string SimulatedTeacher = """
        teacher:
          kind: simulated
          false_positive_rate: 0.1
          false_negative_rate: 0.05
        """;

    /// <summary>
    /// A second teacher and the noise ablation on task-1 (two rates), to follow a job's teacher
    /// block: what a distributed job must come through restarts, cancels and reconnects with.
    /// Their labels are stored under <see cref="SecondTeacherName"/> and the ablation's teacher names.
    /// </summary>
    public const string SecondTeacherAndAblation = """
        second_teacher:
          kind: simulated
          name: second-simulated
          flip_rate: 0.3
        ablation:
          tasks: [task-1]
          noise_rates: [0.0, 0.3]
        """;

    public const string SecondTeacherName = "second-simulated";

    /// <summary>Every arm, the second teacher's included.</summary>
    public const string AllArms = "[human-student, teacher-student, teacher, second-teacher]";

    /// <summary>The jobs' student unless a test names others: TF-IDF, fast and right on these words.</summary>
    public const string TfidfStudent = "  - kind: tfidf-logreg\n    min_df: 1";

    /// <summary>
    /// Writes a job of <paramref name="tasks"/> tasks of <paramref name="documents"/> documents
    /// (validation 30, pool <paramref name="pool"/>, test 60), each text lengthened by
    /// <paramref name="fillerWords"/> words, and returns its path; <paramref name="teacherAndGate"/>
    /// replaces the teacher block (and may add a gate), <paramref name="arms"/> the arms, <paramref name="students"/> the students block.
    /// </summary>
    public static string Write(
        string folder, string name, int tasks, string teacherAndGate = SimulatedTeacher, string arms = "[human-student, teacher-student, teacher]",
        int documents = 150, int pool = 60, int fillerWords = 0, string students = TfidfStudent)
    {
        var taskFiles = new List<string>();
        var filler = string.Concat(Enumerable.Repeat(" filler", fillerWords));
        for (var t = 0; t < tasks; t++)
        {
            // Document 7 holds a NUL character, as old e-mails do: PostgreSQL text cannot, so the Coordinator must cope.
            var lines = Enumerable.Range(0, documents).Select(i => $$"""{"id": "t{{t}}-d{{i:000}}", "text": "{{Text(i, t)}}{{filler}}{{(i == 7 ? " \\u0000 end" : "")}}", "label": "{{(i % 2 == 0 ? "sport" : "money")}}"}""");
            File.WriteAllLines(Path.Combine(folder, $"task-{t}.jsonl"), lines);
            File.WriteAllText(Path.Combine(folder, $"task-{t}.yaml"), $"""
                name: task-{t}
                codebook:
                  instructions: Is the news item about sport or money?
                  labels:
                    - name: sport
                      definition: Games, teams, players.
                    - name: money
                      definition: Banks, markets, budgets.
                  positive_label: sport
                data:
                  path: task-{t}.jsonl
                splits:
                  validation: 30
                  training_pool: {pool}
                  test: 60
                seed: {t + 1}
                """);
            taskFiles.Add($"  - file: task-{t}.yaml");
        }

        var job = Path.Combine(folder, $"{name}.yaml");
        File.WriteAllText(job, $"""
            name: {name}
            seed: 11
            output: out
            tasks:
            {string.Join("\n", taskFiles)}
            {teacherAndGate}
            students:
            {students}
            arms: {arms}
            bootstrap:
              resamples: 200
            """);
        return job;
    }

    /// <summary>
    /// Makes <paramref name="teacher"/> a slow but right teacher for these jobs (100 ms a text,
    /// sport when a sport word occurs) and returns the job's teacher block for it, four calls at a
    /// time, and the endpoint to register for it (<c>stand-in</c>) when the services start.
    /// </summary>
    public static (string Block, TestTeacherEndpoint Endpoint) SlowStandInTeacher(Labeling.ChatCompletionsStandIn teacher)
    {
        teacher.Latency = TimeSpan.FromMilliseconds(100);
        teacher.Answer = (text, _) => Sport.Any(word => text.Contains(word, StringComparison.Ordinal)) ? "sport" : "money";
        var endpoint = new TestTeacherEndpoint("stand-in", "OpenAi", teacher.BaseUrl, "sk-stand-in");
        return ($"teacher:\n  kind: openai\n  model: stand-in-model\n  endpoint: {endpoint.Name}\n  max_concurrency: 4", endpoint);
    }

    /// <summary>A one-task request built directly (no client-side checks), with a change applied to its documents.</summary>
    public static SubmitJobRequest Request(string name, Action<IList<Document>> change, int test = 20)
    {
        var task = new TaskSpec
        {
            Name = "only",
            Codebook = new Codebook { Instructions = "Sport or money?", PositiveLabel = "sport" },
            Splits = new SplitSpec { Validation = new SplitSize { Count = 10 }, TrainingPool = new SplitSize { Count = 20 }, Test = new SplitSize { Count = test } },
            Seed = 1,
        };
        task.Codebook.Labels.Add(new LabelDefinition { Name = "sport", Definition = "Games." });
        task.Codebook.Labels.Add(new LabelDefinition { Name = "money", Definition = "Markets." });
        var documents = Enumerable.Range(0, 60).Select(i => new Document { Id = $"d{i}", Text = Text(i, 0), HumanLabel = i % 2 == 0 ? "sport" : "money" }).ToList();
        change(documents);
        task.Documents.AddRange(documents);
        var spec = new JobSpec { Name = name, Seed = 1, Teacher = new Component { Kind = "simulated", Name = "simulated" } };
        spec.Teacher.Settings["flip_rate"] = "0.1";
        spec.Tasks.Add(task);
        spec.Students.Add(new Component { Kind = "tfidf-logreg", Name = "tfidf" });
        spec.Arms.Add("teacher-student");
        return new SubmitJobRequest { Spec = spec };
    }

    private static string Text(int i, int task)
    {
        var words = i % 2 == 0 ? Sport : Money;
        return $"{words[i % 8]} {words[(i / 8 + task) % 8]} news of the day {words[(i + 3) % 8]} number {i}";
    }
}
