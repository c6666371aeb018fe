using System.Text.Json;
using Distillery.Contracts.Training;
using Distillery.Coordinator;
using Distillery.Coordinator.Workflow;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Database;
using Distillery.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.IntegrationTests.Coordinator;

/// <summary>
/// The Coordinator turns StudentTrainingProgressed into the task's activity (TaskStatus.activity
/// and a job event), on PostgreSQL: the newest report of a student still training wins; late,
/// repeated and smaller reports, and any report once the task has left TrainingStudents, change
/// nothing and emit no event.
/// </summary>
public sealed class StudentProgressWorkflowTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [PostgresFact]
    public async Task Progress_sets_the_task_activity_newest_first_and_is_ignored_once_the_task_moved_on()
    {
        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        await SqlMigrator.ApplyAsync(database, typeof(CoordinatorServiceExtensions).Assembly, "coordinator");
        var workflow = new JobWorkflow(database, new CorpusStore(database), Options.Create(new CoordinatorOptions()), NullLogger<JobWorkflow>.Instance);
        var job = Guid.NewGuid();
        var (logreg, finetune) = (Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(database, "INSERT INTO coordinator_jobs (job_id, name, spec, state) VALUES ($1, 'progress', ''::bytea, 'Running')", job);
        await ExecuteAsync(database,
            "INSERT INTO coordinator_tasks (job_id, task_name, task_id, position, state, validation_ids, pool_ids, test_ids) VALUES ($1, 'spam', $2, 0, 'TrainingStudents', '{}', '{}', '{}')",
            job, $"{job:N}-spam");
        await AddStudentAsync(database, job, logreg, "teacher-student", "embedding-logreg");
        await AddStudentAsync(database, job, finetune, "human-student", "finetune");

        StudentTrainingProgressed Progress(Guid model, string activity, long done, long total, int second) =>
            new(model, job.ToString(), $"{job:N}-spam", model == logreg ? "teacher-student" : "human-student", "ignored", activity, done, total, Start.AddSeconds(second));

        await workflow.OnStudentProgressedAsync(Progress(logreg, "embedding", 0, 1_800, 0), CancellationToken.None);
        await workflow.OnStudentProgressedAsync(Progress(logreg, "embedding", 420, 1_800, 2), CancellationToken.None);
        var events = await EventsAsync(database, job);
        Assert.Equal(2, events.Count);
        var status = events[^1].Task;
        Assert.Equal(V1.TaskState.TrainingStudents, status.State);
        Assert.Equal("teacher-student/embedding-logreg: embedding 420/1 800", status.Activity);
        Assert.Equal((420L, 1_800L), (status.ActivityDone, status.ActivityTotal));
        Assert.Equal((0L, 2L), (status.Done, status.Total));

        // Late (older than the last report), repeated, or smaller for the same activity: nothing changes, no event.
        await workflow.OnStudentProgressedAsync(Progress(logreg, "embedding", 64, 1_800, 1), CancellationToken.None);
        await workflow.OnStudentProgressedAsync(Progress(logreg, "embedding", 420, 1_800, 2), CancellationToken.None);
        await workflow.OnStudentProgressedAsync(Progress(logreg, "embedding", 128, 1_800, 3), CancellationToken.None);
        Assert.Equal(2, (await EventsAsync(database, job)).Count);
        Assert.Equal("teacher-student/embedding-logreg: embedding 420/1 800", (await StatusAsync(database, job)).Activity);

        // The student that reported last is the one shown; a new activity of the same student replaces its old one.
        await workflow.OnStudentProgressedAsync(Progress(finetune, "fine-tuning epoch 2/3", 140, 420, 4), CancellationToken.None);
        Assert.Equal("human-student/finetune: fine-tuning epoch 2/3 140/420", (await EventsAsync(database, job))[^1].Task.Activity);
        await workflow.OnStudentProgressedAsync(Progress(logreg, "embedding", 1_800, 1_800, 5), CancellationToken.None);
        Assert.Equal("teacher-student/embedding-logreg: embedding 1 800/1 800", (await EventsAsync(database, job))[^1].Task.Activity);

        // A trained student's progress is no longer shown, nor taken.
        await ExecuteAsync(database, "UPDATE coordinator_work SET done = true WHERE work_id = $1", logreg);
        Assert.Equal("human-student/finetune: fine-tuning epoch 2/3 140/420", (await StatusAsync(database, job)).Activity);
        var before = (await EventsAsync(database, job)).Count;
        await workflow.OnStudentProgressedAsync(Progress(logreg, "embedding", 1_800, 1_800, 6), CancellationToken.None);
        Assert.Equal(before, (await EventsAsync(database, job)).Count);

        // Once the task has moved on (evaluating), the activity is cleared and late progress ignored.
        await ExecuteAsync(database, "UPDATE coordinator_tasks SET state = 'Evaluating' WHERE job_id = $1", job);
        await workflow.OnStudentProgressedAsync(Progress(finetune, "fine-tuning epoch 3/3", 420, 420, 7), CancellationToken.None);
        Assert.Equal(before, (await EventsAsync(database, job)).Count);
        var moved = await StatusAsync(database, job);
        Assert.Equal(V1.TaskState.Evaluating, moved.State);
        Assert.Equal("", moved.Activity);
        Assert.Equal((0L, 0L), (moved.ActivityDone, moved.ActivityTotal));
    }

    [PostgresFact]
    public async Task A_student_that_reports_progress_is_not_sent_again_however_long_it_trains()
    {
        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        await SqlMigrator.ApplyAsync(database, typeof(CoordinatorServiceExtensions).Assembly, "coordinator");
        var workflow = new JobWorkflow(database, new CorpusStore(database), Options.Create(new CoordinatorOptions()), NullLogger<JobWorkflow>.Instance);
        var job = Guid.NewGuid();
        var (busy, silent) = (Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(database, "INSERT INTO coordinator_jobs (job_id, name, spec, state) VALUES ($1, 'long', ''::bytea, 'Running')", job);
        await ExecuteAsync(database,
            "INSERT INTO coordinator_tasks (job_id, task_name, task_id, position, state, validation_ids, pool_ids, test_ids) VALUES ($1, 'spam', $2, 0, 'TrainingStudents', '{}', '{}', '{}')",
            job, $"{job:N}-spam");
        await AddStudentAsync(database, job, busy, "human-student", "finetune");
        await AddStudentAsync(database, job, silent, "teacher-student", "finetune");
        // Both sent three hours ago, beyond the default TrainingReplyTimeout (2 h); one reported a minute ago.
        await ExecuteAsync(database, "UPDATE coordinator_work SET sent_at = now() - interval '3 hours' WHERE job_id = $1", job);
        await workflow.OnStudentProgressedAsync(
            new StudentTrainingProgressed(busy, job.ToString(), $"{job:N}-spam", "human-student", "finetune", "fine-tuning epoch 3/3", 900, 1_000, DateTimeOffset.UtcNow.AddMinutes(-1)),
            CancellationToken.None);

        // The round covers the whole database (other tests' jobs too): this job's rows say what it did here.
        var (resent, _) = await workflow.ResendOverdueWorkAsync(CancellationToken.None);

        Assert.True(resent >= 1);
        await using var sends = database.CreateCommand("SELECT work_id, sends FROM coordinator_work WHERE job_id = $1");
        sends.Parameters.Add(new NpgsqlParameter { Value = job });
        await using var reader = await sends.ExecuteReaderAsync();
        var counts = new Dictionary<Guid, int>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetGuid(0)] = reader.GetInt32(1);
        }

        Assert.Equal(1, counts[busy]);
        Assert.Equal(2, counts[silent]);
        // Finished, so no later round (another run on the same database) takes it up again.
        await ExecuteAsync(database, "UPDATE coordinator_jobs SET state = 'Completed' WHERE job_id = $1", job);
    }

    [Fact]
    public void An_activity_reads_the_same_in_every_locale()
    {
        Assert.Equal("teacher-student/finetune: fine-tuning epoch 1/3 0/1 234 567", JobReports.Activity("teacher-student", "finetune", "fine-tuning epoch 1/3", 0, 1_234_567));
        Assert.Equal("embedding", JobReports.Activity("", "", "embedding", 0, 0));
    }

    private static async Task AddStudentAsync(NpgsqlDataSource database, Guid job, Guid model, string arm, string student)
    {
        var command = new TrainStudent(model, job.ToString(), $"{job:N}-spam", arm, new StudentSpecification(student, student, new Dictionary<string, string>()), ["d1"], "human", 1);
        await ExecuteAsync(database,
            "INSERT INTO coordinator_work (work_id, job_id, task_name, stage, items, message_type, body) VALUES ($1, $2, 'spam', 'students', 1, 'TrainStudent', $3)",
            model, job, JsonSerializer.Serialize(command, OutboxMessages.Json));
    }

    private static async Task<List<V1.JobEvent>> EventsAsync(NpgsqlDataSource database, Guid job)
    {
        await using var command = database.CreateCommand("SELECT event FROM coordinator_events WHERE job_id = $1 ORDER BY sequence");
        command.Parameters.Add(new NpgsqlParameter { Value = job });
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<V1.JobEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(V1.JobEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(0)));
        }

        return events;
    }

    private static async Task<V1.TaskStatus> StatusAsync(NpgsqlDataSource database, Guid job)
    {
        await using var transaction = await WorkflowTransaction.BeginAsync(database, CancellationToken.None);
        return await JobReports.TaskStatusAsync(transaction, job, "spam", CancellationToken.None);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql, params object[] parameters)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }
}
