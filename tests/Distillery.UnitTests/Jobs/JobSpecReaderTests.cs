using Distillery.Domain.Jobs;
using Distillery.Domain.Specs;
using Distillery.UnitTests.Tasks;

namespace Distillery.UnitTests.Jobs;

public sealed class JobSpecReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public JobSpecReaderTests() => _folder.Write("tasks/spam/task.yaml", TaskSpecReaderTests.ValidTask);

    public void Dispose() => _folder.Dispose();

    private const string ValidJob = """
        name: demo
        seed: 7
        output: out/demo
        tasks:
          - file: tasks/spam/task.yaml
        teacher:
          kind: simulated
          false_positive_rate: 0.1
        students:
          - kind: tfidf-logreg
        arms: [human-student, teacher-student, teacher]
        """;

    private JobSpec Load(string yaml) => JobSpecReader.Load(_folder.Write("job.yaml", yaml));

    [Fact]
    public void Job_with_a_task_file_is_read_with_paths_relative_to_the_job()
    {
        var job = Load(ValidJob);

        Assert.Equal("demo", job.Name);
        Assert.Equal("spam", Assert.Single(job.Tasks).Name);
        Assert.Equal(Path.Combine(_folder.Path, "tasks", "spam", "documents.jsonl"), job.Tasks[0].Data.Path);
        Assert.Equal(Path.Combine(_folder.Path, "out", "demo"), job.Output);
        Assert.Equal("simulated", job.Teacher.Kind);
        Assert.Equal("0.1", job.Teacher.Settings.Required("false_positive_rate").Text());
        Assert.Equal("tfidf-logreg", Assert.Single(job.Students).Name);
        Assert.Equal([Arm.HumanStudent, Arm.TeacherStudent, Arm.Teacher], job.Arms);
    }

    [Theory]
    [InlineData("arms: [human-student, teacher-student, teacher]", "arms: [human-student, techer]", "job.yaml:11:23: unknown arm 'techer'")]
    [InlineData("arms: [human-student, teacher-student, teacher]", "arms: [second-teacher]", "job.yaml:11:8: arm 'second-teacher' needs a 'second_teacher'")]
    [InlineData("  - file: tasks/spam/task.yaml", "  - file: tasks/eggs/task.yaml", "job.yaml:5:11: task file")]
    [InlineData("students:", "second_teacher:\n  kind: simulated\n  flip_rate: 0.2\nstudents:", "job.yaml:10:3: 'simulated' is the teacher's name too; give the second teacher a 'name' of its own")]
    [InlineData("seed: 7", "sed: 7", "job.yaml:2:1: unknown key 'sed'")]
    [InlineData("arms: [human-student, teacher-student, teacher]", "arms: [teacher-student]\nablation:\n  tasks: [spam, spam]\n  noise_rates: [0, 0.2]", "job.yaml:13:17: ablation task 'spam' appears twice")]
    [InlineData("arms: [human-student, teacher-student, teacher]", "arms: [teacher-student]\nablation:\n  tasks: [spam]\n  noise_rates: [0.2, 0.2]", "job.yaml:14:22: noise rate 0.2 appears twice")]
    public void Mistakes_are_located(string good, string bad, string expected)
    {
        var error = Assert.Throws<SpecException>(() => Load(ValidJob.Replace(good, bad, StringComparison.Ordinal)));

        Assert.StartsWith(_folder.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_inside_a_referenced_task_file_names_that_file()
    {
        _folder.Write("tasks/spam/task.yaml", TaskSpecReaderTests.ValidTask.Replace("      label: spam\n", "      label: spamm\n", StringComparison.Ordinal));

        var error = Assert.Throws<SpecException>(() => Load(ValidJob));

        Assert.Contains(Path.Combine("tasks", "spam", "task.yaml") + ":13:14: example label 'spamm'", error.Message, StringComparison.Ordinal);
    }
}
