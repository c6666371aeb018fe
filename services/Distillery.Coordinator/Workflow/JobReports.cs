using System.Text.Json;
using Distillery.Contracts.Grpc;
using Distillery.Domain.Jobs;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Reports;
using Distillery.Labeling.Teachers;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// Builds what clients read about a job from the stored state: a task's status with its
/// progress (items done in the current stage) and, once every task has ended, the job report —
/// the same <see cref="JobReport"/> a local run writes.
/// </summary>
public static class JobReports
{
    internal static async Task<V1.TaskStatus> TaskStatusAsync(WorkflowTransaction transaction, Guid jobId, string taskName, CancellationToken cancellationToken)
    {
        var (state, failure, arms) = (await transaction.QueryAsync(
            "SELECT state, failure, arms FROM coordinator_tasks WHERE job_id = $1 AND task_name = $2", [jobId, taskName],
            reader => (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)), cancellationToken)).Single();
        var stage = state switch
        {
            TaskStates.ValidatingTeacher => "validation",
            TaskStates.LabelingPool => "pool",
            TaskStates.TrainingStudents => "students",
            TaskStates.Evaluating => "evaluation",
            _ => null,
        };
        var (done, total) = stage is null
            ? (0L, 0L)
            : (await transaction.QueryAsync(
                "SELECT coalesce(sum(items) FILTER (WHERE done), 0), coalesce(sum(items), 0) FROM coordinator_work WHERE job_id = $1 AND task_name = $2 AND stage = $3",
                [jobId, taskName, stage], reader => (reader.GetInt64(0), reader.GetInt64(1)), cancellationToken)).Single();
        var status = new V1.TaskStatus { Task = taskName, State = TaskStates.ToApi(state), Done = done, Total = total, Failure = failure ?? "" };
        if (stage == "students")
        {
            // The student that reported last among those still training; none once all are trained.
            var activity = (await transaction.QueryAsync(
                "SELECT activity, activity_done, activity_total, coalesce(body::jsonb ->> 'arm', ''), coalesce(body::jsonb #>> '{student,name}', '') " +
                "FROM coordinator_work WHERE job_id = $1 AND task_name = $2 AND stage = $3 AND NOT done AND activity IS NOT NULL " +
                "ORDER BY activity_at DESC, work_id LIMIT 1",
                [jobId, taskName, stage], reader => (Activity: reader.GetString(0), Done: reader.GetInt64(1), Total: reader.GetInt64(2), Arm: reader.GetString(3), Student: reader.GetString(4)),
                cancellationToken)).SingleOrDefault();
            if (activity.Activity is not null)
            {
                status.Activity = Activity(activity.Arm, activity.Student, activity.Activity, activity.Done, activity.Total);
                status.ActivityDone = activity.Done;
                status.ActivityTotal = activity.Total;
            }
        }

        if (arms is not null)
        {
            status.Arms.AddRange(JsonSerializer.Deserialize<List<ArmReport>>(arms, JsonReportWriter.Options)!.Where(arm => !AblationArms.IsAblation(arm)).Select(ToApi));
        }

        return status;
    }

    /// <summary>
    /// A student's activity for people: <c>teacher-student/embedding-logreg: embedding 420/1 800</c>
    /// (a space groups thousands, readable in every locale).
    /// </summary>
    public static string Activity(string arm, string student, string activity, long done, long total)
    {
        var who = (arm.Length > 0, student.Length > 0) switch
        {
            (true, true) => $"{arm}/{student}: ",
            (true, false) => $"{arm}: ",
            (false, true) => $"{student}: ",
            _ => "",
        };
        return total > 0 ? $"{who}{activity} {Grouped(done)}/{Grouped(total)}" : $"{who}{activity}";
    }

    private static string Grouped(long value) =>
        value.ToString("#,0", new System.Globalization.NumberFormatInfo { NumberGroupSeparator = " ", NumberGroupSizes = [3] });

    internal static async Task<JobReport> BuildAsync(WorkflowTransaction transaction, Guid jobId, V1.JobSpec spec, CancellationToken cancellationToken)
    {
        var rows = await transaction.QueryAsync(
            "SELECT task_name, state, failure, gate, arms, comparisons, teacher, cardinality(validation_ids), cardinality(pool_ids), cardinality(test_ids), " +
            "validation_ids || pool_ids || test_ids FROM coordinator_tasks WHERE job_id = $1 ORDER BY task_name",
            [jobId],
            reader => new TaskRow(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetFieldValue<string[]>(10)),
            cancellationToken);
        var tasks = new List<TaskReport>();
        var ablations = new Dictionary<string, AblationCurve>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var taskSpec = spec.Tasks.Single(task => task.Name == row.Name);
            var codebook = taskSpec.Codebook.ToCodebook();
            var gate = row.Gate is null
                ? new GateReport(false, spec.Gate?.Metric is { Length: > 0 } metric ? metric : "kappa", spec.Gate?.Threshold ?? 0.4, 0, 0, 0, 0, 0, [])
                : JsonSerializer.Deserialize<GateReport>(row.Gate, JsonReportWriter.Options)!;
            var arms = row.Arms is null ? [] : JsonSerializer.Deserialize<List<ArmReport>>(row.Arms, JsonReportWriter.Options)!;
            if (AblationArms.Curve(spec, row.Name, arms) is { } curve)
            {
                ablations[row.Name] = curve;
            }

            tasks.Add(new TaskReport(
                row.Name,
                taskSpec.Description.Length == 0 ? null : taskSpec.Description,
                row.State switch { TaskStates.Completed => TaskOutcome.Completed, TaskStates.GateFailed => TaskOutcome.GateFailed, _ => TaskOutcome.Failed },
                row.State == TaskStates.Cancelled ? "cancelled" : row.Failure,
                codebook.LabelNames,
                codebook.IsBinary ? codebook.PositiveLabel : null,
                new SplitSizes(row.Validation, row.Pool, row.Test),
                gate,
                [.. arms.Where(arm => !AblationArms.IsAblation(arm))],
                row.Comparisons is null ? [] : JsonSerializer.Deserialize<List<ArmComparisonReport>>(row.Comparisons, JsonReportWriter.Options)!,
                row.Teacher is null ? new TeacherUsage(0, 0, 0, null, 0) : await CoordinatorLabels.UsageAsync(transaction, jobId, row.Name, TeachersOf(spec, row.Teacher), row.Labelled, cancellationToken)));
        }

        var compared = TeacherModes.Compared(spec.Teacher);
        var teacherName = compared
            ? spec.Teacher.Name.Length > 0 && spec.Teacher.Name != spec.Teacher.Kind ? spec.Teacher.Name : $"{spec.Teacher.Settings.GetValueOrDefault("model", "")} (local, {LocalLabelingModes.Auto})"
            : rows.Select(row => row.Teacher).FirstOrDefault(name => name is not null) ?? spec.Teacher.Kind;
        var isLanguageModel = TeacherFactory.IsLanguageModelKind(spec.Teacher.Kind);
        var description = compared
            ? $"a language model read in the labelling mode that agrees best with the humans on each task's validation split ({string.Join(", ", TeacherModes.Candidates(spec.Teacher).Select(candidate => candidate.Teacher))})"
            : TeacherFactory.Describe(spec.Teacher.Kind);
        TeacherDescription? secondTeacher = null;
        if (spec.SecondTeacher is { } second)
        {
            // Named as it labelled (the name its replies gave), like the first teacher.
            string? secondName = null;
            foreach (var row in rows)
            {
                secondName ??= await JobWorkflow.SecondTeacherNameAsync(transaction, jobId, row.Name, cancellationToken);
            }

            secondTeacher = new TeacherDescription(
                secondName ?? Jobs.JobSpecValidator.TeacherName(second), second.Kind, TeacherFactory.IsLanguageModelKind(second.Kind), TeacherFactory.Describe(second.Kind));
        }

        var resamples = spec.BootstrapResamples > 0 ? spec.BootstrapResamples : 1_000;
        var confidence = spec.ConfidenceLevel > 0 ? spec.ConfidenceLevel : 0.95;
        return new JobReport(
            JobReport.CurrentSchema,
            spec.Name,
            spec.Seed,
            new TeacherDescription(teacherName, spec.Teacher.Kind, isLanguageModel, description),
            secondTeacher,
            [.. spec.Students.Select(student => Training.Service.StudentDescriptions.Describe(Jobs.JobSpecValidator.Specification(student)))],
            tasks,
            JobSummarizer.Summarize(tasks, new BootstrapSettings(resamples, confidence, JobSeeds.Summary(spec.Seed))),
            [.. spec.Ablation?.Tasks.Where(ablations.ContainsKey).Select(task => ablations[task]) ?? []]);
    }

    private static V1.ArmMetrics ToApi(ArmReport arm) => new()
    {
        Arm = arm.Arm,
        Name = arm.Name,
        TestItems = arm.TestItems,
        Accuracy = ToApi(arm.Accuracy),
        Precision = ToApi(arm.Precision),
        Recall = ToApi(arm.Recall),
        F1 = ToApi(arm.F1),
    };

    private static V1.Estimate ToApi(Estimate estimate) =>
        new() { Value = estimate.Value, Lower = estimate.Lower, Upper = estimate.Upper, ConfidenceLevel = estimate.ConfidenceLevel };

    /// <summary>The names a task's teacher labelled under: the one teacher, or every labelling mode the gate compared (their tokens were spent too).</summary>
    private static string[] TeachersOf(V1.JobSpec spec, string teacher) =>
        TeacherModes.Compared(spec.Teacher) ? [.. TeacherModes.Candidates(spec.Teacher).Select(candidate => candidate.Teacher)] : [teacher];

    private sealed record TaskRow(
        string Name, string State, string? Failure, string? Gate, string? Arms, string? Comparisons, string? Teacher,
        int Validation, int Pool, int Test, string[] Labelled);
}
