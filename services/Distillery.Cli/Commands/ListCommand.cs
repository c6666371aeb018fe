using System.CommandLine;
using Distillery.Cli.Remote;
using Spectre.Console;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Commands;

/// <summary><c>distillery list</c>: jobs, newest first, a page at a time (<c>--page-token</c> from the previous page).</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var size = new Option<int>("--page-size") { Description = "Jobs per page (at most 100)", DefaultValueFactory = _ => 20 };
        var token = new Option<string?>("--page-token") { Description = "The next-page token a previous list printed" };
        var command = new Command("list", "List jobs, newest first") { size, token };
        remote.AddTo(command);
        command.SetAction((parse, cancellationToken) => RpcErrors.RunAsync(async () =>
        {
            using var client = remote.Client(parse);
            var page = await client.ListAsync(new V1.ListJobsRequest { PageSize = parse.GetValue(size), PageToken = parse.GetValue(token) ?? "" }, cancellationToken);
            JobPrinter.Print(AnsiConsole.Console, page, parse.GetValue(remote.Json));
            if (!parse.GetValue(remote.Json) && page.NextPageToken.Length > 0)
            {
                Console.Out.WriteLine($"More: --page-token {page.NextPageToken}");
            }

            return 0;
        }));
        return command;
    }
}
