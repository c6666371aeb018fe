using Google.Protobuf;
using Spectre.Console;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Remote;

/// <summary>Jobs as tables for people, or as the API's JSON for scripts.</summary>
internal static class JobPrinter
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Print(IAnsiConsole console, IMessage message, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(Json.Format(message));
            return;
        }

        switch (message)
        {
            case V1.Job job:
                PrintJob(console, job);
                break;
            case V1.ListJobsResponse list:
                var table = new Table().AddColumn("job id").AddColumn("name").AddColumn("state").AddColumn("tasks").AddColumn("created (UTC)");
                foreach (var item in list.Jobs)
                {
                    table.AddRow(item.JobId, Markup.Escape(item.Name), item.State.ToString(), Done(item), DateTimeOffset.FromUnixTimeMilliseconds(item.CreatedUnixMs).ToString("u", System.Globalization.CultureInfo.InvariantCulture));
                }

                console.Write(table);
                break;
            default:
                console.WriteLine(message.ToString() ?? "");
                break;
        }
    }

    private static void PrintJob(IAnsiConsole console, V1.Job job)
    {
        console.MarkupLineInterpolated($"[bold]{job.Name}[/] ({job.JobId}): {job.State}");
        var table = new Table().AddColumn("task").AddColumn("state").AddColumn("progress").AddColumn("teacher-student F1").AddColumn("failure");
        foreach (var task in job.Tasks)
        {
            var f1 = task.Arms.FirstOrDefault(arm => arm.Arm.StartsWith("teacher-student", StringComparison.Ordinal))?.F1;
            table.AddRow(
                Markup.Escape(task.Task),
                task.State.ToString(),
                Markup.Escape((task.Total > 0 ? $"{task.Done}/{task.Total}" : "") + (task.Activity.Length > 0 ? $" ({task.Activity})" : "")).Trim(),
                f1 is null ? "" : Markup.Escape($"{f1.Value:0.000} [{f1.Lower:0.000}, {f1.Upper:0.000}]"),
                Markup.Escape(task.Failure));
        }

        console.Write(table);
    }

    private static string Done(V1.Job job) =>
        $"{job.Tasks.Count(task => task.State is V1.TaskState.TaskCompleted or V1.TaskState.GateFailed or V1.TaskState.TaskFailed or V1.TaskState.TaskCancelled)}/{job.Tasks.Count}";
}
