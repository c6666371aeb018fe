using Distillery.Domain.Jobs;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Reports;

namespace Distillery.Cli.Local;

/// <summary>
/// Runs every task of a job, in parallel up to a limit, then the noise ablation if the job asks
/// for one (on its tasks that completed), and assembles the job report. A task that throws is reported as failed with its
/// reason; the others carry on.
/// </summary>
internal sealed class LocalJobRunner(LocalServices services, LocalTeachers teachers, JobSpec job, IReadOnlyList<PreparedTask> tasks, int parallelism, string outputFolder)
{
    public async Task<JobReport> RunAsync(Func<string, int, ITaskProgress> progressFor, CancellationToken cancellationToken)
    {
        var runner = new TaskRunner(job, services.Bus, services.Outcomes, services.TrainingData, services.Predictor, teachers, outputFolder);
        using var slots = new SemaphoreSlim(parallelism);
        var reports = await Task.WhenAll(tasks.Select(async task =>
        {
            var progress = progressFor(task.Spec.Name, TaskRunner.Steps(job));
            await slots.WaitAsync(cancellationToken);
            try
            {
                return await runner.RunAsync(task, progress, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                progress.Stage("failed");
                return new TaskReport(task.Spec.Name, task.Spec.Description, TaskOutcome.Failed, e.Message, task.Spec.Codebook.LabelNames,
                    task.Spec.Codebook.PositiveLabel, new SplitSizes(task.Splits.Validation.Count, task.Splits.TrainingPool.Count, task.Splits.Test.Count),
                    new GateReport(false, job.Gate.Metric, job.Gate.Threshold, 0, 0, 0, 0, 0, []), [], [], new TeacherUsage(0, 0, 0, null, 0));
            }
            finally
            {
                slots.Release();
            }
        }));

        var ablations = new List<AblationCurve>();
        if (job.Ablation is { } ablation)
        {
            var student = job.Students.First(candidate => candidate.Name == ablation.Student);
            // As in distributed mode, where the ablation runs in the stages of a task whose teacher passed the gate.
            foreach (var name in ablation.Tasks.Where(name => reports.Any(report => report.Task == name && report.Outcome == TaskOutcome.Completed)))
            {
                var task = tasks.First(candidate => candidate.Spec.Name == name);
                var progress = progressFor($"{name} (noise ablation)", ablation.NoiseRates.Count);
                var points = new List<AblationPoint>();
                foreach (var rate in ablation.NoiseRates)
                {
                    progress.Stage($"noise {rate:0.##}");
                    points.Add(await runner.AblationPointAsync(task, student, rate, cancellationToken));
                    progress.Advance();
                }

                ablations.Add(new AblationCurve(name, student.Name, points));
            }
        }

        var settings = new BootstrapSettings(job.Bootstrap.Resamples, job.Bootstrap.Confidence, JobSeeds.Summary(job.Seed));
        return new JobReport(
            JobReport.CurrentSchema,
            job.Name,
            job.Seed,
            Describe(job.Teacher, tasks),
            job.SecondTeacher is { } second ? Describe(second, tasks) : null,
            [.. job.Students.Select(student => Training.Service.StudentDescriptions.Describe(JobPreparation.Specification(student)))],
            [.. reports.OrderBy(report => report.Task, StringComparer.Ordinal)],
            JobSummarizer.Summarize(reports, settings),
            ablations);
    }

    private TeacherDescription Describe(ComponentSpec teacher, IReadOnlyList<PreparedTask> preparedTasks)
    {
        var candidates = teachers.Candidates(teacher, preparedTasks[0], 0);
        var built = candidates[0].Teacher;
        if (candidates.Count > 1)
        {
            var modes = string.Join(", ", candidates.Select(candidate => candidate.Teacher.Name));
            var model = Labeling.Teachers.Local.LocalTeacherSpec.Read(teacher.Settings, teachers.Endpoints).Model;
            var name = teacher.Name == teacher.Kind ? $"{model} (local, {Domain.Jobs.LocalLabelingModes.Auto})" : teacher.Name;
            return new TeacherDescription(name, built.Kind, built.IsLanguageModel,
                $"a language model read in the labelling mode that agrees best with the humans on each task's validation split ({modes})");
        }

        return new TeacherDescription(built.Name, built.Kind, built.IsLanguageModel, Labeling.Teachers.TeacherFactory.Describe(built.Kind));
    }
}
