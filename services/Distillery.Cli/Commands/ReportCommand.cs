using System.CommandLine;
using Distillery.Cli.Remote;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Commands;

/// <summary><c>distillery report JOB --format html|md|json -o FILE</c>: the job report, once every task has ended.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var job = new Argument<string>("job-id") { Description = "The job id submit printed" };
        var format = new Option<string>("--format") { Description = "html, md or json", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "md", "json");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "File to write (default: standard output)" };
        var command = new Command("report", "Fetch a job's report") { job, format, output };
        remote.AddTo(command);
        command.SetAction((parse, cancellationToken) => RpcErrors.RunAsync(async () =>
        {
            using var client = remote.Client(parse);
            var kind = parse.GetValue(format) switch { "md" => V1.ReportFormat.Markdown, "json" => V1.ReportFormat.Json, _ => V1.ReportFormat.Html };
            var report = await client.GetReportAsync(parse.GetValue(job)!, kind, cancellationToken);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllBytesAsync(file.FullName, report.Content.ToByteArray(), cancellationToken);
                await Console.Error.WriteLineAsync($"Report ({report.ContentType}) written to {file.FullName}");
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                report.Content.WriteTo(stdout);
            }

            return 0;
        }));
        return command;
    }
}
