using System.CommandLine;
using Distillery.Cli.Remote;
using Spectre.Console;

namespace Distillery.Cli.Commands;

/// <summary><c>distillery status JOB</c>: the job's state and each task's.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var job = new Argument<string>("job-id") { Description = "The job id submit printed" };
        var command = new Command("status", "Show a job's state and its tasks'") { job };
        remote.AddTo(command);
        command.SetAction((parse, cancellationToken) => RpcErrors.RunAsync(async () =>
        {
            using var client = remote.Client(parse);
            JobPrinter.Print(AnsiConsole.Console, await client.GetAsync(parse.GetValue(job)!, cancellationToken), parse.GetValue(remote.Json));
            return 0;
        }));
        return command;
    }
}
