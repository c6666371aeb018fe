using System.CommandLine;
using Distillery.Cli.Local;
using Distillery.Domain.Data;
using Distillery.Domain.Specs;
using Distillery.Domain.Splits;
using Distillery.Evaluation.Reports;
using Distillery.Labeling.Cache;
using Distillery.Labeling.Teachers;
using Distillery.Training.Students;
using Spectre.Console;

namespace Distillery.Cli.Commands;

/// <summary>
/// <c>distillery run job.yaml [--out DIR] [--parallelism N]</c>: the whole workflow on this
/// machine. Exit codes: 0 every task completed; 2 the job could not start (its spec or data is
/// wrong: nothing ran) or a task stopped at the validation gate; 1 a task failed.
/// </summary>
internal static class RunCommand
{
    public const int TaskFailed = 1;
    public const int BadJobOrGate = 2;

    public static Command Create()
    {
        var job = new Argument<FileInfo>("job") { Description = "The job spec (YAML; see docs/job-spec.md)" };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Output folder (default: the job's 'output')" };
        var parallelism = new Option<int>("--parallelism", "-p")
        {
            Description = "Tasks run at once",
            DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount),
        };
        var labelCache = new Option<FileInfo?>("--label-cache")
        {
            Description = "Labels already paid for, reused across runs (default: $XDG_CACHE_HOME/distillery/labels.jsonl)",
        };
        var command = new Command("run", "Run a job locally: validate the teacher, label, train students, evaluate, report") { job, output, parallelism, labelCache };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(job)!, parse.GetValue(output), parse.GetValue(parallelism), parse.GetValue(labelCache)?.FullName ?? DefaultLabelCache(), cancellationToken));
        return command;
    }

    private static string DefaultLabelCache() => Domain.Files.MachineCache.PathOf("labels.jsonl");

    private static async Task<int> RunAsync(FileInfo jobFile, DirectoryInfo? outputOption, int parallelism, string labelCacheFile, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 200;
        }

        Domain.Jobs.JobSpec job;
        IReadOnlyList<PreparedTask> tasks;
        // The user's own machine: the job may name its own teacher URL and key variable.
        var endpoints = LocalTeacherEndpoints.FromEnvironment();
        try
        {
            (job, tasks) = console.Status().Start("Checking the job", status => JobPreparation.Prepare(jobFile.FullName, endpoints, task => status.Status($"Loading {task}"), checkEncoders: true));
        }
        catch (Exception e) when (e is SpecException or DataException or SplitException or StudentTrainingException or TeacherException)
        {
            // Plain stderr, never wrapped: a file:line:column must survive pipes and editors' parsers.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            await Console.Error.WriteLineAsync("Nothing was run.");
            return BadJobOrGate;
        }

        var outputFolder = outputOption?.FullName ?? job.Output;
        Directory.CreateDirectory(outputFolder);
        await using var log = new StreamWriter(Path.Combine(outputFolder, "run.log"), append: false) { AutoFlush = true };
        await using var services = await LocalServices.StartAsync(outputFolder, log, cancellationToken);
        using var teachers = new LocalTeachers(new FileLabelCache(labelCacheFile), Path.GetDirectoryName(job.SourcePath)!, endpoints);
        var runner = new LocalJobRunner(services, teachers, job, tasks, Math.Max(1, parallelism), outputFolder);

        JobReport report = null!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                report = await runner.RunAsync((name, steps) => new SpectreTaskProgress(context.AddTask(name, maxValue: steps), name), cancellationToken);
            });

        var files = await ReportFiles.WriteAsync(report, outputFolder, cancellationToken);
        PrintSummary(console, report);
        console.MarkupLineInterpolated($"Report: [link]{files.Html}[/] (also {Path.GetFileName(files.Json)}, {Path.GetFileName(files.Markdown)}); students in {Path.Combine(outputFolder, "students")}");

        var failed = report.Tasks.Where(task => task.Outcome == TaskOutcome.Failed).ToList();
        foreach (var task in failed)
        {
            await Console.Error.WriteLineAsync($"error: task '{task.Task}' failed: {task.Failure}");
        }

        var gated = report.Tasks.Where(task => task.Outcome == TaskOutcome.GateFailed).ToList();
        foreach (var task in gated)
        {
            console.MarkupLineInterpolated($"[yellow]task '{task.Task}' stopped at the validation gate:[/] {task.Gate.GateMetric} {task.Gate.Threshold:0.##} not reached; {task.Gate.Disagreements.Count} disagreements listed in the report");
        }

        return failed.Count > 0 ? TaskFailed : gated.Count > 0 ? BadJobOrGate : 0;
    }

    private static void PrintSummary(IAnsiConsole console, JobReport report)
    {
        var arms = report.Tasks.SelectMany(task => task.Arms.Select(arm => arm.Arm)).Distinct().ToList();
        var table = new Table().Title($"{report.Job}: test F1 by arm (95% CI)").AddColumn("task").AddColumn("outcome");
        foreach (var arm in arms)
        {
            table.AddColumn(arm);
        }

        foreach (var task in report.Tasks)
        {
            var cells = new List<string> { task.Task, task.Outcome.ToString() };
            cells.AddRange(arms.Select(arm => task.Arms.FirstOrDefault(candidate => candidate.Arm == arm) is { } found
                ? $"{found.F1.Value:0.000} [{found.F1.Lower:0.00}, {found.F1.Upper:0.00}]"
                : "-"));
            table.AddRow([.. cells.Select(cell => Markup.Escape(cell))]);
        }

        console.Write(table);
        foreach (var gap in report.Summary.Gaps.Where(gap => gap.Metric == "f1"))
        {
            var paper = gap.PaperValue is { } value ? $" (paper: {value:0.000})" : string.Empty;
            console.MarkupLineInterpolated($"median F1 {gap.ArmA} - {gap.ArmB}: {gap.Median.Value:0.000} [[{gap.Median.Lower:0.000}, {gap.Median.Upper:0.000}]] over {gap.Tasks} tasks{paper}");
        }
    }

    /// <summary>The report in its three forms, all rendered from the one report model.</summary>
    private static class ReportFiles
    {
        public static async Task<(string Json, string Markdown, string Html)> WriteAsync(JobReport report, string folder, CancellationToken cancellationToken)
        {
            var files = (Path.Combine(folder, JsonReportWriter.FileName), Path.Combine(folder, MarkdownReportWriter.FileName), Path.Combine(folder, HtmlReportWriter.FileName));
            await JsonReportWriter.WriteAsync(report, files.Item1, cancellationToken);
            await MarkdownReportWriter.WriteAsync(report, files.Item2, cancellationToken);
            await HtmlReportWriter.WriteAsync(report, files.Item3, cancellationToken);
            return files;
        }
    }
}
