using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Distillery.Contracts.Coordinator;
using Distillery.Contracts.Evaluation;
using Distillery.Contracts.Grpc;
using Distillery.Contracts.Labeling;
using Distillery.Contracts.Training;
using Distillery.Coordinator.Jobs;
using Distillery.Domain.Jobs;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Reports;
using Distillery.Storage;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// The job and task state machine. Every transition runs in one <see cref="WorkflowTransaction"/>
/// under the job's row lock, checks the state it expects (so a redelivered event, or one for a
/// cancelled job, changes nothing), records what it sends in the outbox and what happened in
/// the event log. A task goes Created → ValidatingTeacher (its validation split labelled, then
/// the gate decided by the Evaluation service) → (GateFailed | LabelingPool) → TrainingStudents →
/// Evaluating → Completed, or Failed / Cancelled.
/// </summary>
public sealed class JobWorkflow(NpgsqlDataSource dataSource, CorpusStore corpus, IOptions<CoordinatorOptions> options, ILogger<JobWorkflow> logger)
{
    private const string ValidationStage = "validation";
    private const string GateStage = "gate";
    private const string PoolStage = "pool";
    private const string StudentsStage = "students";
    private const string EvaluationStage = "evaluation";
    private const string HumanSource = "human";

    /// <summary>
    /// Stores a checked job and its documents in one transaction, so that a Submit that fails on
    /// the way (the client gone, the database refusing a value) leaves no row behind; then starts
    /// what the limits allow. <paramref name="owner"/> is the principal the job belongs to.
    /// </summary>
    public async Task<Guid> SubmitAsync(V1.JobSpec spec, IReadOnlyList<SubmittedTask> tasks, string owner, CancellationToken cancellationToken)
    {
        var jobId = Guid.NewGuid();
        var stored = spec.Clone();
        foreach (var task in stored.Tasks)
        {
            task.Documents.Clear();
        }

        await using var transaction = await WorkflowTransaction.BeginAsync(dataSource, cancellationToken);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var taskId = TaskId(jobId, task.Name);
            var split = Splits(task);
            await CorpusStore.AddTaskAsync(taskId, task.Codebook.LabelNames, task.Codebook.IsBinary ? task.Codebook.PositiveLabel : null, transaction.Transaction, cancellationToken);
            // PostgreSQL text cannot hold U+0000 (old e-mails do); it becomes U+FFFD, as an undecodable byte would.
            await CorpusStore.AddAsync([.. task.Corpus.Documents.Select(document => new CorpusDocument(
                taskId, document.Id, document.Text.Replace('\0', '\uFFFD'), document.Label, document.Group, split.GetValueOrDefault(document.Id)))], transaction.Transaction, cancellationToken);
        }

        await transaction.ExecuteAsync("INSERT INTO coordinator_jobs (job_id, name, spec, state, owner) VALUES ($1, $2, $3, $4, $5)",
            [jobId, spec.Name, stored.ToByteArray(), JobStates.Running, owner], cancellationToken);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            await transaction.ExecuteAsync(
                "INSERT INTO coordinator_tasks (job_id, task_name, task_id, position, state, validation_ids, pool_ids, test_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [jobId, task.Name, TaskId(jobId, task.Name), i, TaskStates.Created, Ids(task.Splits.Validation), Ids(task.Splits.TrainingPool), Ids(task.Splits.Test)],
                cancellationToken);
            foreach (var (teacher, labels) in task.Replayed)
            {
                await transaction.ExecuteAsync("INSERT INTO coordinator_replayed_labels (job_id, task_name, teacher, labels) VALUES ($1, $2, $3, $4::jsonb)",
                    [jobId, task.Name, teacher, JsonSerializer.Serialize(labels, OutboxMessages.Json)], cancellationToken);
            }
        }

        await transaction.LockJobAsync(jobId, cancellationToken);
        await transaction.EventAsync(jobId, JobStates.Running, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await StartEligibleTasksAsync(cancellationToken);
        logger.LogInformation("Job {JobId} ({Name}) submitted with {Tasks} tasks", jobId, spec.Name, tasks.Count);
        return jobId;
    }

    /// <summary>Starts Created tasks, oldest job first, up to the per-job and global limits.</summary>
    public async Task StartEligibleTasksAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var transaction = await WorkflowTransaction.BeginAsync(dataSource, cancellationToken);
            // One starter at a time, across replicas: the limits are counted, then spent.
            await transaction.ExecuteAsync("SELECT pg_advisory_xact_lock(7411)", [], cancellationToken);
            var limits = options.Value;
            var candidate = (await transaction.QueryAsync(
                "SELECT t.job_id, t.task_name FROM coordinator_tasks t JOIN coordinator_jobs j USING (job_id) " +
                "WHERE t.state = $1 AND j.state = $2 " +
                "AND (SELECT count(*) FROM coordinator_tasks a WHERE a.state = ANY($3)) < $4 " +
                "AND (SELECT count(*) FROM coordinator_tasks a WHERE a.job_id = t.job_id AND a.state = ANY($3)) < $5 " +
                "ORDER BY j.created_at, t.job_id, t.position LIMIT 1",
                [TaskStates.Created, JobStates.Running, TaskStates.Active, limits.MaxActiveTasks, limits.MaxActiveTasksPerJob],
                reader => (JobId: reader.GetGuid(0), Task: reader.GetString(1)), cancellationToken)).FirstOrDefault();
            if (candidate == default)
            {
                return;
            }

            await transaction.LockJobAsync(candidate.JobId, cancellationToken);
            var spec = await SpecAsync(transaction, candidate.JobId, cancellationToken);
            var ids = await IdsAsync(transaction, candidate.JobId, candidate.Task, "validation_ids", cancellationToken);
            await MoveAsync(transaction, candidate.JobId, candidate.Task, TaskStates.Created, TaskStates.ValidatingTeacher, cancellationToken);
            await SendBatchesAsync(transaction, candidate.JobId, candidate.Task, spec, ValidationStage, ids, null, cancellationToken);
            await EventAsync(transaction, candidate.JobId, candidate.Task, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async Task OnBatchLabeledAsync(BatchLabeled labeled, CancellationToken cancellationToken)
    {
        await using var reply = await CompleteReplyAsync(labeled.BatchId, labeled.Teacher, cancellationToken);
        if (reply is null)
        {
            return;
        }

        var (transaction, jobId, taskName, stage) = reply;

        await CoordinatorLabels.StoreAsync(transaction, jobId, taskName, labeled.Teacher, labeled.Labels, cancellationToken);

        await transaction.ExecuteAsync("UPDATE coordinator_tasks SET teacher = $3 WHERE job_id = $1 AND task_name = $2 AND teacher IS NULL",
            [jobId, taskName, labeled.Teacher], cancellationToken);
        if (await RemainingAsync(transaction, jobId, taskName, stage, cancellationToken) == 0)
        {
            var spec = await SpecAsync(transaction, jobId, cancellationToken);
            if (stage == ValidationStage)
            {
                await RequestGateAsync(transaction, jobId, taskName, spec, labeled.Teacher, cancellationToken);
            }
            else
            {
                var chosen = await transaction.ScalarAsync<string>("SELECT teacher FROM coordinator_tasks WHERE job_id = $1 AND task_name = $2", [jobId, taskName], cancellationToken);
                await AfterPoolAsync(transaction, jobId, taskName, spec, chosen!, cancellationToken);
            }
        }

        await EventAsync(transaction, jobId, taskName, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await StartEligibleTasksAsync(cancellationToken);
    }

    public async Task OnStudentTrainedAsync(StudentTrained trained, CancellationToken cancellationToken)
    {
        await using var reply = await CompleteReplyAsync(trained.ModelId, JsonSerializer.Serialize(trained, OutboxMessages.Json), cancellationToken);
        if (reply is null)
        {
            return;
        }

        var (transaction, jobId, taskName, _) = reply;

        if (await RemainingAsync(transaction, jobId, taskName, StudentsStage, cancellationToken) == 0)
        {
            await StartEvaluationAsync(transaction, jobId, taskName, cancellationToken);
        }

        await EventAsync(transaction, jobId, taskName, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Records how far a student's training is and tells watchers. Ignored unless the student is
    /// still outstanding work of a task that trains its students, and unless it is newer than the
    /// progress already recorded (by the trainer's clock) and, for the same activity, no smaller:
    /// progress events are best-effort and may come late, twice or out of order.
    /// </summary>
    public async Task OnStudentProgressedAsync(StudentTrainingProgressed progressed, CancellationToken cancellationToken)
    {
        var (jobId, taskName) = await WorkOwnerAsync(progressed.ModelId, cancellationToken);
        if (jobId == Guid.Empty)
        {
            return;
        }

        await using var transaction = await WorkflowTransaction.BeginAsync(dataSource, cancellationToken);
        if (await transaction.LockJobAsync(jobId, cancellationToken) != JobStates.Running)
        {
            return;
        }

        var recorded = await transaction.ExecuteAsync(
            "UPDATE coordinator_work w SET activity = $2, activity_done = $3, activity_total = $4, activity_at = $5 " +
            "FROM coordinator_tasks t WHERE w.work_id = $1 AND NOT w.done AND w.stage = $6 " +
            "AND t.job_id = w.job_id AND t.task_name = w.task_name AND t.state = $7 " +
            "AND (w.activity_at IS NULL OR (w.activity_at < $5 AND (w.activity IS DISTINCT FROM $2 OR w.activity_done <= $3)))",
            [progressed.ModelId, progressed.Activity, Math.Max(0, progressed.Done), Math.Max(0, progressed.Total), progressed.ReportedAt.ToUniversalTime(), StudentsStage, TaskStates.TrainingStudents],
            cancellationToken);
        if (recorded == 0)
        {
            return;
        }

        await EventAsync(transaction, jobId, taskName, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task OnTaskEvaluatedAsync(TaskEvaluated evaluated, CancellationToken cancellationToken)
    {
        await using var reply = await CompleteReplyAsync(evaluated.EvaluationId, null, cancellationToken);
        if (reply is null)
        {
            return;
        }

        var (transaction, jobId, taskName, _) = reply;

        await transaction.ExecuteAsync("UPDATE coordinator_tasks SET arms = $3, comparisons = $4 WHERE job_id = $1 AND task_name = $2",
            [jobId, taskName, evaluated.ArmsJson, evaluated.ComparisonsJson], cancellationToken);
        await MoveAsync(transaction, jobId, taskName, TaskStates.Evaluating, TaskStates.Completed, cancellationToken);
        await EventAsync(transaction, jobId, taskName, cancellationToken);
        await FinishJobIfDoneAsync(transaction, jobId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await StartEligibleTasksAsync(cancellationToken);
    }

    /// <summary>A batch, student or evaluation that cannot succeed fails its task with the reason.</summary>
    public async Task OnWorkFailedAsync(Guid workId, string reason, CancellationToken cancellationToken)
    {
        await using var reply = await CompleteReplyAsync(workId, null, cancellationToken);
        if (reply is null)
        {
            return;
        }

        var (transaction, jobId, taskName, _) = reply;

        await FailTaskAsync(transaction, jobId, taskName, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await StartEligibleTasksAsync(cancellationToken);
    }

    /// <summary>
    /// The watchdog's round: work of a running job that got no reply within its stage's timeout,
    /// while its task finished no other work in that time, is sent again (the command lost with a
    /// broker, parked in an <c>_error</c> queue after an outage outlasted the retries, or its reply
    /// lost the same way; every consumer takes a repeat as a no-op or an answer from its cache).
    /// Once its sends are spent the task fails, naming the work and the service that did not
    /// answer, so no job stays RUNNING for ever. Returns the work sent again and the tasks failed.
    /// </summary>
    public async Task<(int Resent, int Failed)> ResendOverdueWorkAsync(CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var timeouts = new[]
        {
            (Stage: ValidationStage, Timeout: limits.LabelingReplyTimeout),
            (Stage: GateStage, Timeout: limits.EvaluationReplyTimeout),
            (Stage: PoolStage, Timeout: limits.LabelingReplyTimeout),
            (Stage: StudentsStage, Timeout: limits.TrainingReplyTimeout),
            (Stage: EvaluationStage, Timeout: limits.EvaluationReplyTimeout),
        };
        var (resent, failed) = (0, 0);
        foreach (var (stage, timeout) in timeouts)
        {
            await using var find = dataSource.CreateCommand(
                "SELECT w.work_id, w.job_id, w.task_name FROM coordinator_work w JOIN coordinator_jobs j USING (job_id) " +
                // A student that reports progress is alive however long it trains: the later of the last send
                // and the last progress report must be overdue.
                "WHERE NOT w.done AND w.stage = $1 AND greatest(w.sent_at, w.activity_at) < now() - $2 AND j.state = $3 AND w.body IS NOT NULL " +
                "AND NOT EXISTS (SELECT 1 FROM coordinator_work d WHERE d.job_id = w.job_id AND d.task_name = w.task_name AND d.done_at > now() - $2) " +
                "ORDER BY w.sent_at LIMIT 1000");
            find.Parameters.Add(new NpgsqlParameter { Value = stage });
            find.Parameters.Add(new NpgsqlParameter { Value = timeout });
            find.Parameters.Add(new NpgsqlParameter { Value = JobStates.Running });
            var overdue = new List<(Guid WorkId, Guid JobId, string Task)>();
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    overdue.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2)));
                }
            }

            foreach (var (workId, jobId, taskName) in overdue)
            {
                switch (await ResendOrFailAsync(workId, jobId, taskName, stage, timeout, cancellationToken))
                {
                    case true:
                        resent++;
                        break;
                    case false:
                        failed++;
                        break;
                }
            }
        }

        return (resent, failed);
    }

    /// <summary>True when sent again, false when the task failed, null when a reply (or another replica) came first.</summary>
    private async Task<bool?> ResendOrFailAsync(Guid workId, Guid jobId, string taskName, string stage, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var transaction = await WorkflowTransaction.BeginAsync(dataSource, cancellationToken);
        if (await transaction.LockJobAsync(jobId, cancellationToken) != JobStates.Running)
        {
            return null;
        }

        // Checked again under the job's lock: the reply may have come since the round began.
        var work = (await transaction.QueryAsync(
            "SELECT message_type, body, sends FROM coordinator_work WHERE work_id = $1 AND NOT done AND greatest(sent_at, activity_at) < now() - $2",
            [workId, timeout], reader => (Type: reader.GetString(0), Body: reader.GetString(1), Sends: reader.GetInt32(2)), cancellationToken)).SingleOrDefault();
        if (work == default)
        {
            return null;
        }

        if (work.Sends > options.Value.MaxResends)
        {
            await CompleteWorkAsync(transaction, workId, null, cancellationToken);
            var reason = $"no reply from {ServiceOf(stage)} to {work.Type} {workId} after {work.Sends} sends, each given {timeout:c}: " +
                $"the service is down or cannot reach its database or the broker (its queue's _error queue may hold the cause)";
            await FailTaskAsync(transaction, jobId, taskName, reason, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogWarning("Task {Task} of job {JobId} failed: {Reason}", taskName, jobId, reason);
            await StartEligibleTasksAsync(cancellationToken);
            return false;
        }

        await transaction.ExecuteAsync("UPDATE coordinator_work SET sends = sends + 1, sent_at = now() WHERE work_id = $1", [workId], cancellationToken);
        await transaction.ExecuteAsync("INSERT INTO coordinator_outbox (job_id, message_type, body) VALUES ($1, $2, $3)", [jobId, work.Type, work.Body], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("No reply to {Type} {WorkId} of job {JobId} within {Timeout}; sent again ({Sends} of {Limit})",
            work.Type, workId, jobId, timeout, work.Sends + 1, options.Value.MaxResends + 1);
        return true;
    }

    private static string ServiceOf(string stage) => stage switch
    {
        StudentsStage => "Training",
        EvaluationStage => "Evaluation",
        _ => "Labeling",
    };

    private async Task FailTaskAsync(WorkflowTransaction transaction, Guid jobId, string taskName, string reason, CancellationToken cancellationToken)
    {
        await transaction.ExecuteAsync(
            "UPDATE coordinator_tasks SET state = $3, failure = $4, version = version + 1 WHERE job_id = $1 AND task_name = $2 AND NOT (state = ANY($5))",
            [jobId, taskName, TaskStates.Failed, reason, TaskStates.Terminal], cancellationToken);
        await EventAsync(transaction, jobId, taskName, cancellationToken);
        await FinishJobIfDoneAsync(transaction, jobId, cancellationToken);
    }

    /// <summary>
    /// Stops a job: unsent work is dropped at once, replies to work in flight are ignored, and
    /// <see cref="JobCancelled"/> tells the services to stop that work too. False when the job had already ended.
    /// </summary>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var transaction = await WorkflowTransaction.BeginAsync(dataSource, cancellationToken);
        var state = await transaction.LockJobAsync(jobId, cancellationToken) ?? throw new KeyNotFoundException($"job {jobId}");
        if (state != JobStates.Running)
        {
            return false;
        }

        await transaction.ExecuteAsync("DELETE FROM coordinator_outbox WHERE job_id = $1", [jobId], cancellationToken);
        await transaction.SendAsync(jobId, new JobCancelled(jobId.ToString()), cancellationToken);
        await transaction.ExecuteAsync("UPDATE coordinator_jobs SET state = $2, version = version + 1 WHERE job_id = $1", [jobId, JobStates.Cancelled], cancellationToken);
        var cancelled = await transaction.QueryAsync(
            "UPDATE coordinator_tasks SET state = $2, version = version + 1 WHERE job_id = $1 AND NOT (state = ANY($3)) RETURNING task_name",
            [jobId, TaskStates.Cancelled, TaskStates.Terminal], reader => reader.GetString(0), cancellationToken);
        foreach (var task in cancelled)
        {
            await EventAsync(transaction, jobId, task, cancellationToken);
        }

        await transaction.EventAsync(jobId, JobStates.Cancelled, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Job {JobId} cancelled with {Tasks} tasks unfinished", jobId, cancelled.Count);
        await StartEligibleTasksAsync(cancellationToken);
        return true;
    }

    internal static string TaskId(Guid jobId, string taskName) => $"{jobId:N}-{taskName}";

    /// <summary>
    /// The validation split is labelled: asks the Evaluation service to decide the gate on each
    /// labelling mode's labels (the task stays ValidatingTeacher until <see cref="OnGateEvaluatedAsync"/>).
    /// </summary>
    private static async Task RequestGateAsync(WorkflowTransaction transaction, Guid jobId, string taskName, V1.JobSpec spec, string teacher, CancellationToken cancellationToken)
    {
        var codebook = spec.Tasks.Single(task => task.Name == taskName).Codebook.ToCodebook();
        var ids = await IdsAsync(transaction, jobId, taskName, "validation_ids", cancellationToken);
        // With mode: auto every labelling mode labelled the split under its own name; otherwise the one teacher did.
        IReadOnlyList<(string? Mode, string Teacher)> candidates = TeacherModes.Compared(spec.Teacher)
            ? [.. TeacherModes.Candidates(spec.Teacher).Select(candidate => ((string?)candidate.Mode, candidate.Teacher))]
            : [(null, teacher)];
        var gateCandidates = new List<GateCandidate>(candidates.Count);
        foreach (var (mode, name) in candidates)
        {
            gateCandidates.Add(new GateCandidate(mode, name, await CoordinatorLabels.LabelsAsync(transaction, jobId, taskName, name, ids, cancellationToken)));
        }

        var gateId = DeterministicGuid(jobId, taskName, GateStage);
        await SendWorkAsync(transaction, gateId, jobId, taskName, GateStage, 1, new EvaluateGate(
            jobId.ToString(), TaskId(jobId, taskName), gateId, codebook.LabelNames, codebook.IsBinary ? codebook.PositiveLabel : null, ids, gateCandidates,
            spec.Gate?.Metric is { Length: > 0 } metric ? metric : "kappa", spec.Gate is { } gate && (gate.Metric.Length > 0 || gate.Threshold != 0) ? gate.Threshold : 0.4),
            cancellationToken);
    }

    /// <summary>The Evaluation service decided the gate: the task stops at it, or its pool is labelled by the chosen mode.</summary>
    public async Task OnGateEvaluatedAsync(GateEvaluated evaluated, CancellationToken cancellationToken)
    {
        await using var reply = await CompleteReplyAsync(evaluated.GateId, null, cancellationToken);
        if (reply is null)
        {
            return;
        }

        var (transaction, jobId, taskName, _) = reply;

        var spec = await SpecAsync(transaction, jobId, cancellationToken);
        await AfterGateAsync(transaction, jobId, taskName, spec, evaluated, cancellationToken);
        await EventAsync(transaction, jobId, taskName, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await StartEligibleTasksAsync(cancellationToken);
    }

    private async Task AfterGateAsync(WorkflowTransaction transaction, Guid jobId, string taskName, V1.JobSpec spec, GateEvaluated evaluated, CancellationToken cancellationToken)
    {
        await transaction.ExecuteAsync("UPDATE coordinator_tasks SET gate = $3, teacher = $4 WHERE job_id = $1 AND task_name = $2",
            [jobId, taskName, evaluated.GateJson, evaluated.ChosenTeacher], cancellationToken);
        if (!evaluated.Passed)
        {
            await MoveAsync(transaction, jobId, taskName, TaskStates.ValidatingTeacher, TaskStates.GateFailed, cancellationToken);
            await FinishJobIfDoneAsync(transaction, jobId, cancellationToken);
            return;
        }

        await MoveAsync(transaction, jobId, taskName, TaskStates.ValidatingTeacher, TaskStates.LabelingPool, cancellationToken);
        // The pool trains the students; the test split is labelled too, for the teacher arm.
        var pool = await IdsAsync(transaction, jobId, taskName, "pool_ids", cancellationToken);
        var test = await IdsAsync(transaction, jobId, taskName, "test_ids", cancellationToken);
        await SendBatchesAsync(transaction, jobId, taskName, spec, PoolStage, [.. pool, .. spec.Arms.Contains(Arm.Teacher.Name()) ? test : []], evaluated.ChosenMode, cancellationToken);
        if (HasSecondTeacherArm(spec))
        {
            // The second teacher labels the test split alone, beside the pool, so training waits for no extra stage.
            await SendBatchesAsync(transaction, jobId, taskName, spec, spec.SecondTeacher, JobSeeds.SecondTeacher(spec.Seed), SecondTeacherBatches, PoolStage, test, null, cancellationToken);
        }

        foreach (var rate in AblationArms.Rates(spec, taskName))
        {
            // The ablation's teachers label the pool (its student's training data) and the test split (their F1).
            await SendBatchesAsync(transaction, jobId, taskName, spec, AblationArms.Teacher(rate), JobSeeds.Ablation(spec.Seed, rate),
                [AblationSpec.Arm(rate)], PoolStage, [.. pool, .. test], null, cancellationToken);
        }
    }

    private static readonly object[] SecondTeacherBatches = [Arm.SecondTeacher.Name()];

    private static bool HasSecondTeacherArm(V1.JobSpec spec) => spec.SecondTeacher is not null && spec.Arms.Contains(Arm.SecondTeacher.Name());

    /// <summary>The name the second teacher labelled a task's test split under, as its first batch's reply gave it.</summary>
    internal static Task<string?> SecondTeacherNameAsync(WorkflowTransaction transaction, Guid jobId, string taskName, CancellationToken cancellationToken) =>
        transaction.ScalarAsync<string>("SELECT result FROM coordinator_work WHERE work_id = $1 AND done",
            [DeterministicGuid([jobId, taskName, PoolStage, .. SecondTeacherBatches, 0])], cancellationToken);

    private async Task AfterPoolAsync(WorkflowTransaction transaction, Guid jobId, string taskName, V1.JobSpec spec, string teacher, CancellationToken cancellationToken)
    {
        await MoveAsync(transaction, jobId, taskName, TaskStates.LabelingPool, TaskStates.TrainingStudents, cancellationToken);
        var taskId = TaskId(jobId, taskName);
        var pool = await IdsAsync(transaction, jobId, taskName, "pool_ids", cancellationToken);
        var documents = await corpus.GetAsync(taskId, pool, cancellationToken);
        var teacherLabels = await CoordinatorLabels.TrainingLabelsAsync(transaction, jobId, taskName, teacher, pool, cancellationToken);
        var studentArms = new[] { Arm.HumanStudent, Arm.TeacherStudent }.Where(arm => spec.Arms.Contains(arm.Name())).ToList();
        var sent = 0;
        foreach (var student in spec.Students)
        {
            foreach (var arm in studentArms)
            {
                var human = arm == Arm.HumanStudent;
                var items = pool.Where(id => human ? documents[id].HumanLabel is not null : teacherLabels.GetValueOrDefault(id) is not null).ToList();
                var studentName = JobSpecValidator.StudentName(student);
                var modelId = DeterministicGuid(jobId, taskName, arm.Name(), studentName);
                await SendWorkAsync(transaction, modelId, jobId, taskName, StudentsStage, 1, new TrainStudent(
                    modelId, jobId.ToString(), taskId, arm.Name(), JobSpecValidator.Specification(student), items,
                    human ? HumanSource : teacher, JobSeeds.Student(spec.Seed, taskName, arm.Name(), studentName))
                {
                    Labels = human ? null : items.ToDictionary(id => id, id => teacherLabels[id], StringComparer.Ordinal),
                }, cancellationToken);
                sent++;
            }
        }

        foreach (var rate in AblationArms.Rates(spec, taskName))
        {
            var student = AblationArms.Student(spec);
            var arm = AblationSpec.Arm(rate);
            var source = AblationSpec.TeacherName(rate);
            var labels = await CoordinatorLabels.TrainingLabelsAsync(transaction, jobId, taskName, source, pool, cancellationToken);
            var modelId = DeterministicGuid(jobId, taskName, arm, spec.Ablation.Student);
            var items = pool.Where(labels.ContainsKey).ToList();
            await SendWorkAsync(transaction, modelId, jobId, taskName, StudentsStage, 1, new TrainStudent(
                modelId, jobId.ToString(), taskId, arm, JobSpecValidator.Specification(student), items,
                source, JobSeeds.Student(spec.Seed, taskName, arm, spec.Ablation.Student))
            {
                Labels = items.ToDictionary(id => id, id => labels[id], StringComparer.Ordinal),
            }, cancellationToken);
            sent++;
        }

        if (sent == 0)
        {
            await StartEvaluationAsync(transaction, jobId, taskName, cancellationToken);
        }
    }

    private static async Task StartEvaluationAsync(WorkflowTransaction transaction, Guid jobId, string taskName, CancellationToken cancellationToken)
    {
        var spec = await SpecAsync(transaction, jobId, cancellationToken);
        var codebook = spec.Tasks.Single(task => task.Name == taskName).Codebook.ToCodebook();
        var (teacher, test) = (await transaction.QueryAsync(
            "SELECT teacher, test_ids FROM coordinator_tasks WHERE job_id = $1 AND task_name = $2", [jobId, taskName],
            reader => (reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetFieldValue<string[]>(1)), cancellationToken)).Single();
        var trained = (await transaction.QueryAsync(
            "SELECT result FROM coordinator_work WHERE job_id = $1 AND task_name = $2 AND stage = $3 AND done",
            [jobId, taskName, StudentsStage], reader => JsonSerializer.Deserialize<StudentTrained>(reader.GetString(0), OutboxMessages.Json)!, cancellationToken))
            .ToDictionary(student => student.ModelId);
        var arms = new List<ArmToEvaluate>();
        foreach (var student in spec.Students)
        {
            var studentName = JobSpecValidator.StudentName(student);
            foreach (var arm in new[] { Arm.HumanStudent, Arm.TeacherStudent }.Where(arm => spec.Arms.Contains(arm.Name())))
            {
                var model = trained[DeterministicGuid(jobId, taskName, arm.Name(), studentName)];
                var name = arm.ReportName(studentName, spec.Students.Count);
                arms.Add(new ArmToEvaluate(name, $"student ({(arm == Arm.HumanStudent ? "human" : "teacher")} labels): {studentName}",
                    model.ModelId, null, model.TrainingItems, model.TrainingSeconds));
            }
        }

        if (spec.Arms.Contains(Arm.Teacher.Name()))
        {
            arms.Add(await TeacherArmAsync(transaction, jobId, taskName, Arm.Teacher.Name(), teacher, teacher, test, cancellationToken));
        }

        if (HasSecondTeacherArm(spec) && await SecondTeacherNameAsync(transaction, jobId, taskName, cancellationToken) is { } second)
        {
            arms.Add(await TeacherArmAsync(transaction, jobId, taskName, Arm.SecondTeacher.Name(), second, second, test, cancellationToken));
        }

        foreach (var rate in AblationArms.Rates(spec, taskName))
        {
            var model = trained[DeterministicGuid(jobId, taskName, AblationSpec.Arm(rate), spec.Ablation.Student)];
            arms.Add(new ArmToEvaluate(AblationArms.StudentArm(rate), $"student (noise ablation, labels flipped at {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}): {spec.Ablation.Student}",
                model.ModelId, null, model.TrainingItems, model.TrainingSeconds));
            arms.Add(await TeacherArmAsync(transaction, jobId, taskName, AblationArms.TeacherArm(rate), AblationSpec.TeacherName(rate), AblationSpec.TeacherName(rate), test, cancellationToken));
        }

        var evaluationId = DeterministicGuid(jobId, taskName, EvaluationStage);
        await MoveAsync(transaction, jobId, taskName, TaskStates.TrainingStudents, TaskStates.Evaluating, cancellationToken);
        await SendWorkAsync(transaction, evaluationId, jobId, taskName, EvaluationStage, 1, new EvaluateTask(
            jobId.ToString(), TaskId(jobId, taskName), evaluationId, codebook.LabelNames,
            codebook.IsBinary ? codebook.PositiveLabel : null, test, arms,
            spec.BootstrapResamples > 0 ? spec.BootstrapResamples : 1_000, spec.ConfidenceLevel > 0 ? spec.ConfidenceLevel : 0.95,
            JobSeeds.Bootstrap(spec.Seed)), cancellationToken);
    }

    /// <summary>A teacher's arm with its labels of the test split and what they cost, from the Coordinator's copy of them.</summary>
    private static async Task<ArmToEvaluate> TeacherArmAsync(
        WorkflowTransaction transaction, Guid jobId, string taskName, string arm, string name, string teacher, string[] test, CancellationToken cancellationToken)
    {
        var usage = await CoordinatorLabels.UsageAsync(transaction, jobId, taskName, [teacher], test, cancellationToken);
        return new ArmToEvaluate(arm, name, null, teacher, 0, 0)
        {
            TeacherLabels = await CoordinatorLabels.LabelsAsync(transaction, jobId, taskName, teacher, test, cancellationToken),
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            CostUsd = usage.CostUsd,
        };
    }

    private async Task FinishJobIfDoneAsync(WorkflowTransaction transaction, Guid jobId, CancellationToken cancellationToken)
    {
        var open = await transaction.ScalarAsync<long>(
            "SELECT count(*) FROM coordinator_tasks WHERE job_id = $1 AND NOT (state = ANY($2))", [jobId, TaskStates.Terminal], cancellationToken);
        if (open > 0)
        {
            return;
        }

        var spec = await SpecAsync(transaction, jobId, cancellationToken);
        var report = await JobReports.BuildAsync(transaction, jobId, spec, cancellationToken);
        var state = report.Tasks.All(task => task.Outcome == TaskOutcome.Failed) ? JobStates.Failed : JobStates.Completed;
        await transaction.ExecuteAsync("UPDATE coordinator_jobs SET state = $2, report = $3, version = version + 1 WHERE job_id = $1",
            [jobId, state, JsonReportWriter.Write(report)], cancellationToken);
        await transaction.EventAsync(jobId, state, null, cancellationToken);
        logger.LogInformation("Job {JobId} ended: {State}", jobId, state);
    }

    /// <summary>
    /// Fans a stage's documents out as <see cref="LabelBatch"/> commands. The validation split of
    /// a teacher whose modes are compared is sent once per mode; <paramref name="mode"/> sends in one.
    /// </summary>
    private Task SendBatchesAsync(WorkflowTransaction transaction, Guid jobId, string taskName, V1.JobSpec spec, string stage, IReadOnlyList<string> ids, string? mode, CancellationToken cancellationToken) =>
        SendBatchesAsync(transaction, jobId, taskName, spec, spec.Teacher, JobSeeds.Teacher(spec.Seed), [], stage, ids, mode, cancellationToken);

    /// <summary>
    /// The <paramref name="ids"/> to <paramref name="teacher"/> in batches of the stage; <paramref name="batchKey"/>
    /// keeps a second teacher's batch ids apart from the first's in the same stage.
    /// </summary>
    private async Task SendBatchesAsync(
        WorkflowTransaction transaction, Guid jobId, string taskName, V1.JobSpec spec, V1.Component teacherSpec, ulong seed, object[] batchKey,
        string stage, IReadOnlyList<string> ids, string? mode, CancellationToken cancellationToken)
    {
        var codebook = spec.Tasks.Single(task => task.Name == taskName).Codebook.ToCodebook();
        IReadOnlyList<string?> modes = mode is null && stage == ValidationStage && TeacherModes.Compared(teacherSpec) ? [.. LocalLabelingModes.Compared] : [mode];
        var replayed = teacherSpec.Kind == "replay" ? await ReplayedLabelsAsync(transaction, jobId, taskName, JobSpecValidator.TeacherName(teacherSpec), cancellationToken) : null;
        var number = 0;
        foreach (var teacher in modes.Select(each => TeacherModes.Specification(teacherSpec, each)))
        {
            foreach (var chunk in ids.Chunk(options.Value.LabelBatchSize))
            {
                var batchId = DeterministicGuid([jobId, taskName, stage, .. batchKey, number++]);
                await SendWorkAsync(transaction, batchId, jobId, taskName, stage, chunk.Length, new LabelBatch(
                    jobId.ToString(), TaskId(jobId, taskName), batchId, codebook, teacher, chunk, seed)
                {
                    TaskName = taskName,
                    Replayed = replayed is null ? null : chunk.Where(replayed.ContainsKey).ToDictionary(id => id, id => replayed[id], StringComparer.Ordinal),
                }, cancellationToken);
            }
        }
    }

    /// <summary>The labels a replay teacher replays on a task, uploaded with the job.</summary>
    private static async Task<Dictionary<string, ReplayedLabel>> ReplayedLabelsAsync(WorkflowTransaction transaction, Guid jobId, string taskName, string teacher, CancellationToken cancellationToken) =>
        await transaction.ScalarAsync<string>("SELECT labels::text FROM coordinator_replayed_labels WHERE job_id = $1 AND task_name = $2 AND teacher = $3",
            [jobId, taskName, teacher], cancellationToken) is { } json
            ? JsonSerializer.Deserialize<Dictionary<string, ReplayedLabel>>(json, OutboxMessages.Json)!
            : [];

    /// <summary>Records work and queues its command; the work row keeps the command, so the watchdog can send it again.</summary>
    private static async Task SendWorkAsync<T>(WorkflowTransaction transaction, Guid workId, Guid jobId, string taskName, string stage, int items, T message, CancellationToken cancellationToken)
    {
        await transaction.ExecuteAsync(
            "INSERT INTO coordinator_work (work_id, job_id, task_name, stage, items, message_type, body) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            [workId, jobId, taskName, stage, items, typeof(T).Name, JsonSerializer.Serialize(message, OutboxMessages.Json)], cancellationToken);
        await transaction.SendAsync(jobId, message, cancellationToken);
    }

    /// <summary>Marks work done; the stage it belonged to, or null when it was already done (a duplicate reply).</summary>
    private static async Task<string?> CompleteWorkAsync(WorkflowTransaction transaction, Guid workId, string? result, CancellationToken cancellationToken) =>
        await transaction.ScalarAsync<string>("UPDATE coordinator_work SET done = true, done_at = now(), result = $2 WHERE work_id = $1 AND NOT done RETURNING stage",
            [workId, result], cancellationToken);

    private static Task<long> RemainingAsync(WorkflowTransaction transaction, Guid jobId, string taskName, string stage, CancellationToken cancellationToken) =>
        transaction.ScalarAsync<long>("SELECT count(*) FROM coordinator_work WHERE job_id = $1 AND task_name = $2 AND stage = $3 AND NOT done",
            [jobId, taskName, stage], cancellationToken);

    /// <summary>
    /// Opens the transaction a reply to work is handled in: under its job's lock, the work marked
    /// done with <paramref name="result"/>. Null, with nothing changed, when the work is unknown,
    /// its job no longer runs or the reply is a duplicate.
    /// </summary>
    private async Task<WorkReply?> CompleteReplyAsync(Guid workId, string? result, CancellationToken cancellationToken)
    {
        var (jobId, taskName) = await WorkOwnerAsync(workId, cancellationToken);
        if (jobId == Guid.Empty)
        {
            return null;
        }

        var transaction = await WorkflowTransaction.BeginAsync(dataSource, cancellationToken);
        try
        {
            if (await transaction.LockJobAsync(jobId, cancellationToken) == JobStates.Running
                && await CompleteWorkAsync(transaction, workId, result, cancellationToken) is { } stage)
            {
                return new WorkReply(transaction, jobId, taskName, stage);
            }
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }

        await transaction.DisposeAsync();
        return null;
    }

    /// <summary>A reply being handled: its open transaction, the task it belongs to and the stage of the work it answers.</summary>
    private sealed record WorkReply(WorkflowTransaction Transaction, Guid JobId, string TaskName, string Stage) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Transaction.DisposeAsync();
    }

    private async Task<(Guid JobId, string Task)> WorkOwnerAsync(Guid workId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT job_id, task_name FROM coordinator_work WHERE work_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = workId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetString(1)) : (Guid.Empty, "");
    }

    private static async Task MoveAsync(WorkflowTransaction transaction, Guid jobId, string taskName, string from, string to, CancellationToken cancellationToken)
    {
        var moved = await transaction.ExecuteAsync("UPDATE coordinator_tasks SET state = $4, version = version + 1 WHERE job_id = $1 AND task_name = $2 AND state = $3",
            [jobId, taskName, from, to], cancellationToken);
        if (moved != 1)
        {
            throw new InvalidOperationException($"task '{taskName}' of job {jobId} is not {from}; cannot move it to {to}");
        }
    }

    private static async Task EventAsync(WorkflowTransaction transaction, Guid jobId, string taskName, CancellationToken cancellationToken)
    {
        var jobState = await transaction.ScalarAsync<string>("SELECT state FROM coordinator_jobs WHERE job_id = $1", [jobId], cancellationToken);
        await transaction.EventAsync(jobId, jobState!, await JobReports.TaskStatusAsync(transaction, jobId, taskName, cancellationToken), cancellationToken);
    }

    private static async Task<V1.JobSpec> SpecAsync(WorkflowTransaction transaction, Guid jobId, CancellationToken cancellationToken) =>
        V1.JobSpec.Parser.ParseFrom(await transaction.ScalarAsync<byte[]>("SELECT spec FROM coordinator_jobs WHERE job_id = $1", [jobId], cancellationToken));

    private static async Task<string[]> IdsAsync(WorkflowTransaction transaction, Guid jobId, string taskName, string column, CancellationToken cancellationToken) =>
        (await transaction.ScalarAsync<string[]>($"SELECT {column} FROM coordinator_tasks WHERE job_id = $1 AND task_name = $2", [jobId, taskName], cancellationToken))!;

    private static Dictionary<string, string> Splits(SubmittedTask task) =>
        task.Splits.Validation.Select(document => (document.Id, "validation"))
            .Concat(task.Splits.TrainingPool.Select(document => (document.Id, "training_pool")))
            .Concat(task.Splits.Test.Select(document => (document.Id, "test")))
            .ToDictionary(pair => pair.Id, pair => pair.Item2, StringComparer.Ordinal);

    private static string[] Ids(IReadOnlyList<Domain.Data.Document> documents) => [.. documents.Select(document => document.Id)];

    /// <summary>Ids that are the same when the same step is taken again, so a repeated step sends the same work.</summary>
    private static Guid DeterministicGuid(params object[] parts) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('/', parts)))[..16]);
}
