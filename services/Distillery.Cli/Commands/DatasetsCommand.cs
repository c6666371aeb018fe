using System.CommandLine;
using Distillery.Datasets.Benchmark;
using Spectre.Console;

namespace Distillery.Cli.Commands;

/// <summary><c>distillery datasets build</c>: the 14-task benchmark from the fetched corpora.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var corpora = new Option<DirectoryInfo>("--corpora")
        {
            Description = "Folder the corpora were unpacked into by scripts/fetch-corpora.sh",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".cache", "corpora")),
        };
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Folder to write <task>/task.yaml and <task>/documents.jsonl into",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("data", "benchmark")),
        };

        var build = new Command("build", "Build the 14 benchmark tasks (SpamAssassin, Brown Corpus, State of the Union) from the fetched corpora")
        {
            corpora,
            output,
        };
        build.SetAction(parse => Build(parse.GetValue(corpora)!, parse.GetValue(output)!));

        return new Command("datasets", "Benchmark data sets") { build };
    }

    private static int Build(DirectoryInfo corpora, DirectoryInfo output)
    {
        var console = AnsiConsole.Console;
        BuiltSuite suite;
        try
        {
            suite = console.Status().Start("Reading corpora", status =>
                BenchmarkBuilder.Build(corpora.FullName, output.FullName, task => status.Status($"Wrote {task.Name}")));
        }
        catch (DirectoryNotFoundException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }

        var table = new Table().AddColumns("task", "documents", "positive label", "positives");
        foreach (var task in suite.Tasks)
        {
            table.AddRow(task.Name, task.Documents.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), task.PositiveLabel, $"{task.Positives:N0} ({(double)task.Positives / task.Documents:P0})");
        }

        console.Write(table);
        console.MarkupLineInterpolated($"{suite.Tasks.Count} tasks, {suite.Tasks.Sum(task => task.Documents):N0} documents in {output.FullName}");
        // Printed plainly so scripts (make data) can compare runs.
        Console.WriteLine($"benchmark sha256 {suite.Sha256}");
        return 0;
    }
}
