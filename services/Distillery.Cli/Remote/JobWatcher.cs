using Google.Protobuf;
using Grpc.Core;
using Spectre.Console;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Remote;

/// <summary>
/// Follows a job's event stream with a progress bar per task (or one JSON line per event with
/// <c>--json</c>). A dropped connection is resumed after the last event seen, so nothing is
/// missed or shown twice. Exit code 0 when the job completed, 1 otherwise.
/// </summary>
internal static class JobWatcher
{
    private const int MaxReconnects = 120;

    public static async Task<int> WatchAsync(CoordinatorChannel client, string jobId, bool json, CancellationToken cancellationToken)
    {
        var job = await client.GetAsync(jobId, cancellationToken);
        if (json)
        {
            return await FollowAsync(client, jobId, jobEvent => Console.Out.WriteLine(JsonFormatter.Default.Format(jobEvent)), cancellationToken);
        }

        var state = V1.JobState.Unspecified;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bars = job.Tasks.ToDictionary(task => task.Task, task => context.AddTask(Describe(task), maxValue: 100));
                foreach (var task in job.Tasks)
                {
                    Update(bars[task.Task], task);
                }

                state = await FollowAsync(client, jobId, jobEvent =>
                {
                    if (jobEvent.Task is { } task && bars.TryGetValue(task.Task, out var bar))
                    {
                        Update(bar, task);
                    }
                }, cancellationToken) == 0 ? V1.JobState.Completed : V1.JobState.Failed;
            });
        var final = await client.GetAsync(jobId, cancellationToken);
        JobPrinter.Print(AnsiConsole.Console, final, json: false);
        return state == V1.JobState.Completed && final.State == V1.JobState.Completed ? 0 : 1;
    }

    private static async Task<int> FollowAsync(CoordinatorChannel client, string jobId, Action<V1.JobEvent> show, CancellationToken cancellationToken)
    {
        long after = 0;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await foreach (var jobEvent in client.WatchAsync(jobId, after, cancellationToken))
                {
                    after = jobEvent.Sequence;
                    attempt = 0;
                    show(jobEvent);
                    if (jobEvent.Task is null && jobEvent.JobState is V1.JobState.Completed or V1.JobState.Failed or V1.JobState.Cancelled)
                    {
                        return jobEvent.JobState == V1.JobState.Completed ? 0 : 1;
                    }
                }
            }
            catch (Exception e) when (attempt < MaxReconnects && !cancellationToken.IsCancellationRequested &&
                (e is HttpRequestException or IOException || e is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown }))
            {
                await Console.Error.WriteLineAsync($"connection lost ({e.Message}); resuming after event {after}");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static void Update(ProgressTask bar, V1.TaskStatus task)
    {
        var (start, width) = task.State switch
        {
            V1.TaskState.ValidatingTeacher => (0.0, 20.0),
            V1.TaskState.LabelingPool => (20.0, 45.0),
            V1.TaskState.TrainingStudents => (65.0, 20.0),
            V1.TaskState.Evaluating => (85.0, 15.0),
            V1.TaskState.TaskCreated => (0.0, 0.0),
            _ => (100.0, 0.0),
        };
        bar.Value = start + (task.Total > 0 ? width * task.Done / task.Total : 0);
        bar.Description = Describe(task);
    }

    /// <summary>The task's line: state and counts, then what its students are doing while they train (<c>embedding 420/1 800</c>).</summary>
    private static string Describe(V1.TaskStatus task) =>
        Markup.Escape($"{task.Task}: {task.State}{(task.Total > 0 ? $" {task.Done}/{task.Total}" : "")}{(task.Activity.Length > 0 ? $", {task.Activity}" : "")}");
}
