using System.CommandLine;
using Distillery.Cli.Remote;

namespace Distillery.Cli.Commands;

/// <summary><c>distillery watch JOB</c>: live progress per task until the job ends; exit code 0 when it completed.</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var job = new Argument<string>("job-id") { Description = "The job id submit printed" };
        var command = new Command("watch", "Follow a job's progress until it ends") { job };
        remote.AddTo(command);
        command.SetAction((parse, cancellationToken) => RpcErrors.RunAsync(async () =>
        {
            using var client = remote.Client(parse);
            return await JobWatcher.WatchAsync(client, parse.GetValue(job)!, parse.GetValue(remote.Json), cancellationToken);
        }));
        return command;
    }
}
