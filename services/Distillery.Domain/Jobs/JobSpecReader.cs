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
        ["name", "seed", "output", "tasks", "teacher", "second_teacher", "students", "arms"];

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

        var secondTeacher = node.Optional("second_teacher") is { } second ? Component(second) : null;
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
            Component(node.Required("teacher")),
            secondTeacher,
            students,
            arms,
            Path.GetFullPath(Path.Combine(directory, node.Required("output").NonEmptyText())),
            node.Required("seed").Seed(),
            path);
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
