using System.CommandLine;
using Distillery.Cli.Remote;
using Spectre.Console;

namespace Distillery.Cli.Commands;

/// <summary><c>distillery cancel JOB</c>: stops new work at once; work in flight ends soon after.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var job = new Argument<string>("job-id") { Description = "The job id submit printed" };
        var command = new Command("cancel", "Cancel a job") { job };
        remote.AddTo(command);
        command.SetAction((parse, cancellationToken) => RpcErrors.RunAsync(async () =>
        {
            using var client = remote.Client(parse);
            JobPrinter.Print(AnsiConsole.Console, await client.CancelAsync(parse.GetValue(job)!, cancellationToken), parse.GetValue(remote.Json));
            return 0;
        }));
        return command;
    }
}
