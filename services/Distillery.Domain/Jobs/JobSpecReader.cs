using System.Globalization;
using Distillery.Domain.Specs;
using Distillery.Domain.Tasks;

namespace Distillery.Domain.Jobs;

/// <summary>
/// Reads a job spec (YAML, documented in docs/job-spec.md). Tasks are inline or by file
/// (<c>- file: path/task.yaml</c>, relative to the job file); every task is read and checked
/// before the job is returned. Kinds of teachers and students are checked by their owners.
/// </summary>
public static class JobSpecReader
{
    public static readonly string[] Keys =
        ["name", "seed", "output", "tasks", "teacher", "second_teacher", "students", "arms", "gate", "bootstrap", "ablation"];

    public static JobSpec Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        return Read(SpecFile.Load(fullPath), fullPath);
    }

    public static JobSpec Read(SpecNode node, string path)
    {
        node.AllowOnly(Keys);
        var directory = Path.GetDirectoryName(path)!;
        var tasks = new List<TaskSpec>();
        var taskNodes = node.Required("tasks").Items();
        if (taskNodes.Count == 0)
        {
            throw node.Required("tasks").Error("a job needs at least one task");
        }

        foreach (var taskNode in taskNodes)
        {
            var task = taskNode.IsMapping && taskNode.Has("file")
                ? TaskFromFile(taskNode.AllowOnly("file").Required("file"), directory)
                : TaskSpecReader.Read(taskNode, directory);
            if (tasks.Any(existing => existing.Name == task.Name))
            {
                throw taskNode.Error($"task '{task.Name}' appears twice in the job");
            }

            tasks.Add(task);
        }

        var teacher = Component(node.Required("teacher"));
        var secondTeacher = node.Optional("second_teacher") is { } second ? Component(second) : null;
        if (secondTeacher is not null && secondTeacher.Name == teacher.Name)
        {
            // Labels are stored under the teacher's name (the cluster's Labeling service): two teachers of one name would share them.
            throw node.Required("second_teacher").Error($"'{teacher.Name}' is the teacher's name too; give the second teacher a 'name' of its own");
        }

        var arms = ReadArms(node, secondTeacher is not null);
        var students = (node.Optional("students")?.Items() ?? []).Select(student => Component(student)).ToList();
        if (students.GroupBy(student => student.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } duplicate)
        {
            throw node.Required("students").Error($"two students are named '{duplicate.Key}': give each a distinct 'name'");
        }

        if (students.Count == 0 && arms.Any(arm => arm is Arm.HumanStudent or Arm.TeacherStudent))
        {
            throw node.Error("the arms include students but 'students' lists none");
        }

        return new JobSpec(
            node.Required("name").NonEmptyText(),
            tasks,
            teacher,
            secondTeacher,
            students,
            arms,
            Path.GetFullPath(Path.Combine(directory, node.Required("output").NonEmptyText())),
            node.Required("seed").Seed(),
            path)
        {
            Gate = node.Optional("gate") is { } gate ? ReadGate(gate) : new GateSpec(),
            Bootstrap = node.Optional("bootstrap") is { } bootstrap ? ReadBootstrap(bootstrap) : new BootstrapSpec(),
            Ablation = node.Optional("ablation") is { } ablation ? ReadAblation(ablation, tasks, students) : null,
        };
    }

    private static GateSpec ReadGate(SpecNode node)
    {
        node.AllowOnly("metric", "threshold");
        var defaults = new GateSpec();
        var metric = defaults.Metric;
        if (node.Optional("metric") is { } metricNode)
        {
            metric = metricNode.NonEmptyText();
            if (!GateSpec.Metrics.Contains(metric))
            {
                throw metricNode.Error($"unknown gate metric '{metric}' (known: {string.Join(", ", GateSpec.Metrics)})");
            }
        }

        return new GateSpec(metric, node.Optional("threshold")?.Number(-1, 1) ?? defaults.Threshold);
    }

    private static BootstrapSpec ReadBootstrap(SpecNode node)
    {
        node.AllowOnly("resamples", "confidence");
        var defaults = new BootstrapSpec();
        var confidence = node.Optional("confidence") is { } confidenceNode ? confidenceNode.Number(0.5, 0.999) : defaults.Confidence;
        return new BootstrapSpec(node.Optional("resamples")?.WholeNumber(100, 100_000) ?? defaults.Resamples, confidence);
    }

    private static AblationSpec ReadAblation(SpecNode node, List<TaskSpec> tasks, List<ComponentSpec> students)
    {
        node.AllowOnly("tasks", "noise_rates", "student");
        var names = new List<string>();
        foreach (var taskNode in node.Required("tasks").Items())
        {
            var name = taskNode.NonEmptyText();
            if (tasks.All(task => task.Name != name))
            {
                throw taskNode.Error($"ablation task '{name}' is not a task of this job");
            }

            if (names.Contains(name))
            {
                throw taskNode.Error($"ablation task '{name}' appears twice");
            }

            names.Add(name);
        }

        var rates = new List<double>();
        foreach (var rateNode in node.Required("noise_rates").Items())
        {
            var rate = rateNode.Number(0, 0.5);
            if (rates.Contains(rate))
            {
                throw rateNode.Error($"noise rate {rate.ToString(CultureInfo.InvariantCulture)} appears twice");
            }

            rates.Add(rate);
        }

        if (rates.Count < 2)
        {
            throw node.Required("noise_rates").Error("an ablation needs at least two noise rates");
        }

        var studentNode = node.Optional("student");
        var student = studentNode?.NonEmptyText() ?? students.FirstOrDefault()?.Name
            ?? throw node.Error("an ablation needs a student, and the job lists none");
        if (students.All(candidate => candidate.Name != student))
        {
            throw (studentNode ?? node).Error($"ablation student '{student}' is not one of the job's students");
        }

        return new AblationSpec(names, rates, student);
    }

    private static TaskSpec TaskFromFile(SpecNode fileNode, string directory)
    {
        var taskPath = Path.GetFullPath(Path.Combine(directory, fileNode.NonEmptyText()));
        return File.Exists(taskPath)
            ? TaskSpecReader.Load(taskPath)
            : throw fileNode.Error($"task file '{taskPath}' does not exist");
    }

    private static List<Arm> ReadArms(SpecNode node, bool hasSecondTeacher)
    {
        var arms = new List<Arm>();
        foreach (var armNode in node.Required("arms").Items())
        {
            var name = armNode.NonEmptyText();
            if (!ArmNames.TryParse(name, out var arm))
            {
                throw armNode.Error($"unknown arm '{name}' (known: {string.Join(", ", ArmNames.All)})");
            }

            if (arm == Arm.SecondTeacher && !hasSecondTeacher)
            {
                throw armNode.Error("arm 'second-teacher' needs a 'second_teacher'");
            }

            if (!arms.Contains(arm))
            {
                arms.Add(arm);
            }
        }

        return arms.Count == 0 ? throw node.Required("arms").Error("a job needs at least one arm") : arms;
    }

    private static ComponentSpec Component(SpecNode node)
    {
        var kind = node.Required("kind").NonEmptyText();
        var name = node.Optional("name")?.NonEmptyText() ?? kind;
        return new ComponentSpec(kind, name, node);
    }
}
