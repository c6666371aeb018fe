using Distillery.Contracts.Training;
using Distillery.Domain.Data;
using Distillery.Domain.Jobs;
using Distillery.Domain.Splits;
using Distillery.Labeling.Endpoints;
using Distillery.Labeling.Teachers;
using Distillery.Training;
using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;
using Distillery.Training.Service;
using Distillery.Training.Students;
using Microsoft.Extensions.Configuration;

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
    /// <paramref name="checkEncoders"/>: load each encoder the students name (a local run, whose
    /// students train here), so a missing, damaged or misshapen file stops the job before any work.
    public static (JobSpec Job, IReadOnlyList<PreparedTask> Tasks) Prepare(string jobPath, TeacherEndpoints endpoints, Action<string>? progress = null, bool checkEncoders = false)
    {
        var job = JobSpecReader.Load(jobPath);
        var directory = Path.GetDirectoryName(job.SourcePath)!;
        TeacherFactory.Validate(job.Teacher, job.Tasks, directory, endpoints);
        if (job.SecondTeacher is { } second)
        {
            TeacherFactory.Validate(second, job.Tasks, directory, endpoints);
        }

        // Checks the students' settings (encoder, max_length) without loading an encoder; the
        // encoders an operator mounts come from the environment, as the Training service reads them.
        var catalog = new EncoderCatalog(mounted: TrainingServiceExtensions.MountedEncoders(new ConfigurationBuilder().AddEnvironmentVariables().Build()));
        using var encoders = new EncoderEmbeddingSource(catalog);
        var factory = new StudentFactory(encoders);
        foreach (var student in job.Students)
        {
            factory.Create(Specification(student));
        }

        if (checkEncoders)
        {
            CheckEncoders(job.Students, catalog);
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

    private static void CheckEncoders(IEnumerable<ComponentSpec> students, EncoderCatalog catalog)
    {
        var checkedEncoders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var student in students)
        {
            if (StudentDescriptions.Encoder(Specification(student)) is not { } encoder || !checkedEncoders.Add(encoder))
            {
                continue;
            }

            try
            {
                // Loading checks the files' presence, hash (the packaged one) and the model's inputs and output shape.
                using var loaded = OnnxSentenceEncoder.LoadAsync(catalog.GetAsync(encoder).GetAwaiter().GetResult()).GetAwaiter().GetResult();
            }
            catch (EncoderFilesException e)
            {
                throw new StudentTrainingException($"student '{student.Name}': {e.Message}", e) { Setting = "encoder" };
            }
        }
    }

    /// <summary>A job-spec student as the Training service's contract: kind, name and flattened settings.</summary>
    public static StudentSpecification Specification(ComponentSpec student) =>
        new(student.Kind, student.Name, student.Settings.Flatten().Where(setting => setting.Key is not ("kind" or "name")).ToDictionary());
}
