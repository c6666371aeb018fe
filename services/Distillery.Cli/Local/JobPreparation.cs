using Distillery.Contracts.Training;
using Distillery.Domain.Data;
using Distillery.Domain.Jobs;
using Distillery.Domain.Splits;
using Distillery.Labeling.Endpoints;
using Distillery.Labeling.Teachers;
using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;
using Distillery.Training.Service;

namespace Distillery.Cli.Local;

/// <summary>
/// Reads a job and checks all of it before any work starts: the spec and every task file, the
/// teacher's and every student's settings, every data file (loaded whole), and every split.
/// Any problem throws with the file, line and column, or the task, named.
/// </summary>
internal static class JobPreparation
{
    /// <summary>
    /// <paramref name="endpoints"/>: what the job's teachers may reach: for a local run, the user's
    /// endpoints and any URL the job names; for a job to submit, only names the cluster registered.
    /// </summary>
    public static (JobSpec Job, IReadOnlyList<PreparedTask> Tasks) Prepare(string jobPath, TeacherEndpoints endpoints, Action<string>? progress = null)
    {
        var job = JobSpecReader.Load(jobPath);
        var directory = Path.GetDirectoryName(job.SourcePath)!;
        TeacherFactory.Validate(job.Teacher, job.Tasks, directory, endpoints);
        if (job.SecondTeacher is { } second)
        {
            TeacherFactory.Validate(second, job.Tasks, directory, endpoints);
        }

        // Checks the embedding students' settings (encoder, max_length) without loading an encoder.
        using var encoders = new EncoderEmbeddingSource(new EncoderCatalog());
        var factory = new StudentFactory(encoders);
        foreach (var student in job.Students)
        {
            factory.Create(Specification(student));
        }

        var prepared = new List<PreparedTask>();
        foreach (var task in job.Tasks)
        {
            progress?.Invoke(task.Name);
            var corpus = CorpusLoader.Load(task.Data, task.Codebook);
            prepared.Add(new PreparedTask(task, corpus, GroupStratifiedSplitter.Split(corpus, task.Splits, task.Seed, task.Name)));
        }

        return (job, prepared);
    }

    /// <summary>A job-spec student as the Training service's contract: kind, name and flattened settings.</summary>
    public static StudentSpecification Specification(ComponentSpec student) =>
        new(student.Kind, student.Name, student.Settings.Flatten().Where(setting => setting.Key is not ("kind" or "name")).ToDictionary());
}
