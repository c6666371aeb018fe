using Distillery.Cli.Local;
using Distillery.Domain.Jobs;
using Distillery.Labeling.Teachers;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Remote;

/// <summary>
/// The labels of a job's replay teachers, read here from their files (which are on this machine,
/// not the cluster's), to travel with each uploaded document under the teacher's name. Local mode
/// reads the same files through the same <see cref="TeacherFactory.ReplayLabels"/>.
/// </summary>
internal sealed class ReplayedUpload
{
    private readonly Dictionary<string, List<(string Teacher, IReadOnlyDictionary<string, RecordedLabel> Labels)>> _byTask = new(StringComparer.Ordinal);

    public static ReplayedUpload For(JobSpec job, IReadOnlyList<PreparedTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(job);
        var upload = new ReplayedUpload();
        var directory = Path.GetDirectoryName(job.SourcePath)!;
        foreach (var teacher in new[] { job.Teacher, job.SecondTeacher }.OfType<ComponentSpec>().Where(teacher => teacher.Kind == ReplayTeacher.KindName))
        {
            foreach (var task in tasks)
            {
                if (!upload._byTask.TryGetValue(task.Spec.Name, out var teachers))
                {
                    upload._byTask[task.Spec.Name] = teachers = [];
                }

                teachers.Add((teacher.Name, TeacherFactory.ReplayLabels(teacher, task.Spec, directory)));
            }
        }

        return upload;
    }

    /// <summary>Puts each replay teacher's label of <paramref name="document"/> (of <paramref name="task"/>) on it, where its file has one.</summary>
    public void AddTo(string task, V1.Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var (teacher, labels) in _byTask.GetValueOrDefault(task) ?? [])
        {
            if (labels.TryGetValue(document.Id, out var recorded))
            {
                var label = new V1.ReplayedLabel { Label = recorded.Label };
                label.Probabilities.AddRange(recorded.Probabilities ?? []);
                document.Replayed[teacher] = label;
            }
        }
    }
}
