using Distillery.Evaluation.Reports;

namespace Distillery.UnitTests.Reports;

/// <summary>
/// A realistic job report for the writer tests: up to 14 tasks with results close to the
/// paper's (teacher-trained students a few points below human-trained ones, with higher recall
/// and lower precision), and the awkward cases every renderer must survive: a task stopped at
/// the gate (with disagreements full of markup, pipes and line breaks), a failed task, a task
/// without the second teacher, metrics at exactly 0 and 1, a description with a script tag,
/// and a noise-ablation curve. The same arguments always give the same report.
/// </summary>
internal static class SampleReports
{
    public const string ScriptDescription = "Tweets about <script>alert(\"pwned\")</script> & other \"attacks\".";
    public const int GateFailedIndex = 3;
    public const int FailedIndex = 5;

    public static readonly string[] TaskNames =
    [
        "spam-assassin", "brown-press", "tweet-sentiment", "policy-topic-agendas", "hate-speech", "news-frames", "stance-climate",
        "protest-events", "civility", "populism-rhetoric", "partisan-cues", "misinformation", "emotion-anger", "humour",
    ];

    public static readonly Disagreement[] Disagreements =
    [
        new("doc-0017", "Vote for the | pipe party\nsecond line of the post", "hostile", "neutral"),
        new("doc-0042", "<b>not bold</b> and *not italic* or _this_", "neutral", "hostile"),
        new("doc-0108", "Short & sweet: \"quoted\" 'text'", "hostile", null),
    ];

    public static TeacherDescription SimulatedTeacher { get; } = new(
        "simulated-noisy", "simulated", false, "the human label flipped: 8% of positives to negative, 15% of negatives to positive");

    public static JobReport Job(int tasks = 14, double timingScale = 1)
    {
        var random = new Random(20240601);
        var reports = Enumerable.Range(0, tasks).Select(i => Task(i, random, timingScale)).ToList();
        return new JobReport(
            JobReport.CurrentSchema,
            "benchmark-simulated",
            7,
            SimulatedTeacher,
            new TeacherDescription("llama-replay", "replay", false, "labels a local Llama model gave in an earlier run, replayed from labels.jsonl"),
            ["tfidf-logreg"],
            reports,
            Summary(reports),
            [Ablation(TaskNames[0])]);
    }

    /// <summary>The same report with one arm's F1 changed: a result, not a timing, differs.</summary>
    public static JobReport WithF1(JobReport report, int task, string arm, double f1)
    {
        var tasks = report.Tasks.ToList();
        tasks[task] = tasks[task] with
        {
            Arms = [.. tasks[task].Arms.Select(a => a.Arm == arm ? a with { F1 = a.F1 with { Value = f1 } } : a)],
        };
        return report with { Tasks = tasks };
    }

    private static TaskReport Task(int index, Random random, double timingScale)
    {
        var name = TaskNames[index % TaskNames.Length] + (index >= TaskNames.Length ? $"-{index}" : "");
        var binary = index % 3 != 2;
        var labels = binary ? new[] { "yes", "no" } : ["left", "centre", "right"];
        var splits = new SplitSizes(200 + (index * 10), 1000 + (index * 50), 500 + (index * 20));
        var gatePassed = index != GateFailedIndex;
        var gate = new GateReport(
            gatePassed, "f1", 0.7, splits.Validation,
            gatePassed ? 0.9 : 0.62, gatePassed ? 0.86 : 0.55, gatePassed ? 0.78 : 0.31, gatePassed ? 0.77 : 0.3,
            gatePassed ? [] : Disagreements);
        var usage = new TeacherUsage(splits.Validation + (gatePassed ? splits.TrainingPool + splits.Test : 0), 0, 0, 0m, index % 4);
        var description = index == 0 ? ScriptDescription : $"Task {index}: {(binary ? "binary" : "three classes")}.";
        if (!gatePassed || index == FailedIndex)
        {
            return new TaskReport(
                name, description, gatePassed ? TaskOutcome.Failed : TaskOutcome.GateFailed,
                gatePassed ? "student training failed: the training pool held one class only" : null,
                labels, binary ? "yes" : null, splits, gate, [], [], usage);
        }

        var human = 0.68 + (random.NextDouble() * 0.24);
        var student = human - 0.01 - (random.NextDouble() * 0.05);
        var teacher = student + 0.006 + ((random.NextDouble() - 0.5) * 0.04);
        var arms = new List<ArmReport>
        {
            Arm("human-student", "tfidf-logreg", splits, human, precision: human + 0.01, recall: human - 0.01, timingScale),
            Arm("teacher-student", "tfidf-logreg", splits, student, precision: student - 0.02, recall: student + 0.07, timingScale),
            index == 1
                ? Arm("teacher", "simulated-noisy", splits, 1, precision: 1, recall: 1, timingScale)
                : Arm("teacher", "simulated-noisy", splits, teacher, precision: teacher - 0.04, recall: teacher + 0.05, timingScale),
        };
        if (index != 2 && index % 7 != 6)
        {
            arms.Add(index == 4
                ? Arm("second-teacher", "llama-replay", splits, 0, precision: 0, recall: 0, timingScale)
                : Arm("second-teacher", "llama-replay", splits, teacher - 0.08, precision: teacher - 0.1, recall: teacher - 0.02, timingScale));
        }

        return new TaskReport(
            name, description, TaskOutcome.Completed, null, labels, binary ? "yes" : null, splits, gate, arms,
            [Compare(arms[1], arms[0]), Compare(arms[2], arms[1])], usage);
    }

    private static ArmReport Arm(string arm, string name, SplitSizes splits, double f1, double precision, double recall, double timingScale)
    {
        var student = arm.EndsWith("-student", StringComparison.Ordinal);

        // The simulated teacher costs nothing; the replayed one reports the tokens of the run it
        // replays but not their price.
        var replayed = arm == "second-teacher";
        return new ArmReport(
            arm, name, splits.Test,
            Around(Math.Clamp(f1 + 0.04, 0, 1)), Around(precision), Around(recall), Around(f1),
            new ArmCosts(
                student ? splits.TrainingPool : 0,
                new Timing(student ? 1.25 * timingScale : 0),
                new Timing(0.125 * timingScale * (student ? 1 : 40)),
                replayed ? splits.Test * 310L : 0,
                replayed ? splits.Test * 2L : 0,
                student || replayed ? null : 0m));
    }

    /// <summary>An estimate with a plausible 95% interval, within 0 and 1 (a value of 1 has the interval [1, 1]).</summary>
    private static Estimate Around(double value)
    {
        var clamped = Math.Clamp(value, 0, 1);
        var half = clamped is 0 or 1 ? 0 : 0.035;
        return new Estimate(clamped, Math.Max(0, clamped - half), Math.Min(1, clamped + half), 0.95);
    }

    private static ArmComparisonReport Compare(ArmReport a, ArmReport b)
    {
        var difference = a.F1.Value - b.F1.Value;
        return new ArmComparisonReport(
            a.Arm, b.Arm, new Estimate(difference, difference - 0.03, difference + 0.03, 0.95), difference > 0 ? 0.2 : 0.8,
            a.Precision.Value - b.Precision.Value, a.Recall.Value - b.Recall.Value);
    }

    private static JobSummary Summary(IReadOnlyList<TaskReport> tasks)
    {
        var completed = tasks.Where(task => task.Outcome == TaskOutcome.Completed).ToList();
        return new JobSummary(
            completed.Count,
            tasks.Count(task => task.Outcome == TaskOutcome.GateFailed),
            tasks.Count(task => task.Outcome == TaskOutcome.Failed),
            completed.Count == 0 ? [] :
            [
                Gap(completed, "f1", "human-student", "teacher-student", arm => arm.F1.Value, 0.039),
                Gap(completed, "f1", "teacher", "teacher-student", arm => arm.F1.Value, 0.006),
                Gap(completed, "precision", "teacher-student", "human-student", arm => arm.Precision.Value, null),
                Gap(completed, "recall", "teacher-student", "human-student", arm => arm.Recall.Value, null),
            ]);
    }

    private static MedianGap Gap(IReadOnlyList<TaskReport> tasks, string metric, string a, string b, Func<ArmReport, double> value, double? paper)
    {
        var differences = tasks
            .Select(task => value(task.Arms.Single(arm => arm.Arm == a)) - value(task.Arms.Single(arm => arm.Arm == b)))
            .Order()
            .ToList();
        var median = differences.Count % 2 == 1
            ? differences[differences.Count / 2]
            : (differences[(differences.Count / 2) - 1] + differences[differences.Count / 2]) / 2;
        return new MedianGap(metric, a, b, new Estimate(median, median - 0.02, median + 0.02, 0.95), paper, differences.Count);
    }

    private static AblationCurve Ablation(string task) => new(
        task,
        "tfidf-logreg",
        [
            .. new[] { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5 }.Select(noise => new AblationPoint(
                noise,
                TeacherF1: Math.Round(1 - (noise * 1.1), 3),
                StudentF1: Around(Math.Round(0.86 - (noise * noise * 1.6), 3)))),
        ]);
}
