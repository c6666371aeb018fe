using Distillery.Domain.Metrics;
using Distillery.Evaluation.Reports;

namespace Distillery.UnitTests.Reports;

public sealed class ArmPairsTests
{
    [Fact]
    public void One_student_pairs_the_human_student_and_both_teachers_with_the_teacher_student()
    {
        Assert.Equal(
            [
                new ArmPair("human-student", "teacher-student", 0.039),
                new ArmPair("teacher", "teacher-student", 0.006),
                new ArmPair("second-teacher", "teacher-student", null),
            ],
            ArmPairs.Among(["human-student", "teacher-student", "teacher", "second-teacher"]));
    }

    [Fact]
    public void Each_of_several_students_is_compared_with_its_own_human_trained_twin_and_the_teachers()
    {
        var arms = new[] { "human-student/tfidf", "teacher-student/tfidf", "human-student/minilm", "teacher-student/minilm", "teacher" };

        Assert.Equal(
            [
                new ArmPair("human-student/tfidf", "teacher-student/tfidf", 0.039),
                new ArmPair("teacher", "teacher-student/tfidf", 0.006),
                new ArmPair("human-student/minilm", "teacher-student/minilm", 0.039),
                new ArmPair("teacher", "teacher-student/minilm", 0.006),
            ],
            ArmPairs.Among(arms));
    }

    [Fact]
    public void The_summary_has_a_median_row_per_student_and_never_pairs_two_students()
    {
        var tasks = Enumerable.Range(0, 3).Select(i => Task($"task-{i}", tfidf: (0.80, 0.75), minilm: (0.85, 0.84), teacher: 0.90)).ToList();

        var summary = JobSummarizer.Summarize(tasks, new BootstrapSettings(200, 0.95, 1));

        var f1 = summary.Gaps.Where(gap => gap.Metric == "f1").ToList();
        Assert.Equal(
            [
                ("human-student/tfidf", "teacher-student/tfidf"),
                ("teacher", "teacher-student/tfidf"),
                ("human-student/minilm", "teacher-student/minilm"),
                ("teacher", "teacher-student/minilm"),
            ],
            f1.Select(gap => (gap.ArmA, gap.ArmB)));
        Assert.Equal(0.05, f1[0].Median.Value, 9);
        Assert.Equal(0.01, f1[2].Median.Value, 9);
        Assert.All(f1, gap => Assert.Equal(3, gap.Tasks));
    }

    [Fact]
    public void The_html_report_draws_each_student_s_precision_and_recall_differences_in_its_own_chart()
    {
        var tasks = new List<TaskReport> { Task("task-0", tfidf: (0.8, 0.7), minilm: (0.9, 0.85), teacher: 0.9) };
        var report = new JobReport(JobReport.CurrentSchema, "two-students", 1, new TeacherDescription("t", "simulated", false, "noise"), null, ["tfidf", "minilm"],
            tasks, JobSummarizer.Summarize(tasks, new BootstrapSettings(50, 0.95, 1)), []);

        var html = HtmlReportWriter.Write(report);

        Assert.Contains("Precision and recall differences per task (teacher-student/tfidf)", html, StringComparison.Ordinal);
        Assert.Contains("Precision and recall differences per task (teacher-student/minilm)", html, StringComparison.Ordinal);
        Assert.Contains("human-student/minilm − teacher-student/minilm", html, StringComparison.Ordinal);
    }

    private static TaskReport Task(string name, (double Human, double Distilled) tfidf, (double Human, double Distilled) minilm, double teacher) => new(
        name, null, TaskOutcome.Completed, null, ["yes", "no"], "yes", new SplitSizes(10, 100, 50), new GateReport(true, "f1", 0.5, 10, 0.9, 0.9, 0.9, 0.9, []),
        [
            Arm("human-student/tfidf", tfidf.Human),
            Arm("teacher-student/tfidf", tfidf.Distilled),
            Arm("human-student/minilm", minilm.Human),
            Arm("teacher-student/minilm", minilm.Distilled),
            Arm("teacher", teacher),
        ],
        [new ArmComparisonReport("human-student/minilm", "teacher-student/minilm", new Estimate(minilm.Human - minilm.Distilled, -0.1, 0.1, 0.95), 0.5, 0, 0)],
        new TeacherUsage(100, 0, 0, 0m, 0));

    private static ArmReport Arm(string arm, double f1)
    {
        var estimate = new Estimate(f1, f1, f1, 0.95);
        return new ArmReport(arm, arm, 50, estimate, estimate, estimate, estimate, new ArmCosts(0, new Timing(0), new Timing(0), 0, 0, null));
    }
}
