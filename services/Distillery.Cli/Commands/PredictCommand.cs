using System.CommandLine;
using System.Diagnostics;
using Distillery.Cli.Predict;
using Distillery.Cli.Remote;
using Distillery.Domain.Data;
using Distillery.Grpc.Client;
using Distillery.Training;
using Distillery.Training.Persistence;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Distillery.Cli.Commands;

/// <summary>
/// <c>distillery predict --model M corpus.jsonl|csv [-o predictions.jsonl]</c>: a trained student
/// classifies a whole corpus, streamed in batches (memory stays flat whatever the corpus size).
/// M is a student model file (<c>distillery run</c> writes them to <c>OUT/students/ID.model</c>),
/// or a student id with <c>--endpoint</c>, the Training service's Students API in a cluster.
/// One JSON line per document: id, label, per-label probabilities. Progress goes to stderr (when
/// it is a terminal and the predictions do not go to it); stdout carries predictions alone.
/// Exit codes: 0 done; 2 a bad corpus row (<c>file:line:column</c> on stderr; the predictions
/// before it are written), model or argument; otherwise as the other remote commands.
/// </summary>
internal static class PredictCommand
{
    public const int BadInput = 2;

    public static Command Create()
    {
        var model = new Option<string>("--model", "-m")
        {
            Description = "A student model file (OUT/students/ID.model from distillery run), or a student id with --endpoint",
            Required = true,
        };
        var corpus = new Argument<FileInfo>("corpus") { Description = "The texts to classify: JSON Lines (.jsonl) or CSV (.csv) with a header" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where the predictions go, as JSON Lines (default: stdout)" };
        var idColumn = new Option<string>("--id-column") { Description = "The field or column of each document's id", DefaultValueFactory = _ => "id" };
        var textColumn = new Option<string>("--text-column") { Description = "The field or column of each document's text", DefaultValueFactory = _ => "text" };
        var batchSize = new Option<int>("--batch-size") { Description = "Texts classified (or sent) at once", DefaultValueFactory = _ => 1_024 };
        var endpoint = new Option<string?>("--endpoint")
        {
            Description = "The Training service's Students gRPC address, to predict with a stored student by id (default: $DISTILLERY_STUDENTS_ENDPOINT)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DISTILLERY_STUDENTS_ENDPOINT") is { Length: > 0 } value ? value : null,
        };
        var token = new Option<string?>("--token")
        {
            Description = "Bearer token for --endpoint (default: $DISTILLERY_TOKEN)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DISTILLERY_TOKEN"),
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print the peak memory (resident set) on stderr at the end" };
        var command = new Command("predict", "Classify a corpus with a trained student, streamed in batches, one JSON line per document")
        {
            model, corpus, output, idColumn, textColumn, batchSize, endpoint, token, verbose,
        };
        command.SetAction((parse, cancellationToken) => RpcErrors.RunAsync(() => RunAsync(
            new Settings(parse.GetValue(model)!, parse.GetValue(corpus)!.FullName, parse.GetValue(corpus)!.ToString(), parse.GetValue(output)?.FullName,
                parse.GetValue(idColumn)!, parse.GetValue(textColumn)!, parse.GetValue(batchSize), parse.GetValue(endpoint), parse.GetValue(token), parse.GetValue(verbose)),
            cancellationToken)));
        return command;
    }

    private sealed record Settings(string Model, string CorpusPath, string CorpusName, string? Output, string IdColumn, string TextColumn,
        int BatchSize, string? Endpoint, string? Token, bool Verbose);

    private static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.BatchSize < 1)
        {
            return await Fail("--batch-size: must be at least 1");
        }

        if (!File.Exists(settings.CorpusPath))
        {
            return await Fail($"corpus file '{settings.CorpusName}' does not exist");
        }

        IBatchPredictor predictor;
        GrpcChannel? channel = null;
        try
        {
            (predictor, channel) = Predictor(settings);
        }
        catch (Exception e) when (e is StudentModelFormatException or InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return await Fail(e.Message);
        }

        using var _ = channel;
        // Errors name the corpus as the user wrote it, so file:line matches their command line and editor.
        using var texts = new CorpusTexts(settings.CorpusName, settings.IdColumn, settings.TextColumn);
        var destination = settings.Output ?? "stdout";
        var showProgress = !Console.IsErrorRedirected && (settings.Output is not null || Console.IsOutputRedirected);
        var clock = Stopwatch.StartNew();
        await using var writer = PredictionWriter.Open(settings.Output);
        try
        {
            // At most 1 MiB of text per batch: well inside gRPC's 4 MiB message limit when sent.
            var batches = texts.Batches(settings.BatchSize, 1 << 20);
            await WithProgress(showProgress, texts, written => predictor.PredictAsync(batches, writer, written, cancellationToken));
        }
        catch (Exception e)
        {
            await writer.FlushAsync();
            await Console.Error.WriteLineAsync($"{writer.Written} predictions were written to {destination} before it stopped ({e.GetType().Name}).");
            throw;
        }

        await writer.FlushAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (texts.Error is { } error)
        {
            // Plain stderr, never wrapped: a file:line:column must survive pipes and editors' parsers.
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            await Console.Error.WriteLineAsync($"{writer.Written} predictions (the rows before it) were written to {destination}.");
            return BadInput;
        }

        var rate = writer.Written / Math.Max(seconds, 1e-9);
        var memory = settings.Verbose && PeakResidentMegabytes() is { } peak ? $"; peak RSS {peak:0.0} MiB" : string.Empty;
        await Console.Error.WriteLineAsync(
            $"{writer.Written} predictions written to {destination} in {seconds:0.00} s ({rate:0} documents/s) by {predictor.Description}{memory}");
        return 0;
    }

    private static (IBatchPredictor Predictor, GrpcChannel? Channel) Predictor(Settings settings)
    {
        if (File.Exists(settings.Model))
        {
            var bytes = File.ReadAllBytes(settings.Model);
            return (new LocalBatchPredictor(StudentModelFile.Deserialize(bytes, Readers(), settings.Model), settings.Model), null);
        }

        var isId = Guid.TryParse(settings.Model, out var modelId);
        if (settings.Endpoint is null)
        {
            throw new ArgumentException(isId
                ? $"--model: '{settings.Model}' is a student id: pass --endpoint (the Training service's Students API) to use a stored student, or the path of its model file (distillery run writes OUT/students/{modelId}.model)"
                : $"--model: no model file '{settings.Model}'");
        }

        if (!isId)
        {
            throw new ArgumentException($"--model: '{settings.Model}' is neither a model file nor a student id (a UUID) for --endpoint");
        }

        if (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--endpoint: '{settings.Endpoint}' is not an http(s) address such as http://127.0.0.1:5011");
        }

        // No retries: a repeated PredictStream would predict (and write) its batches twice.
        var channel = DistilleryChannel.Create(address, new ChannelSettings { BearerToken = settings.Token, MaxRetries = 0 });
        return (new RemoteBatchPredictor(new Contracts.Grpc.V1.Students.StudentsClient(channel), modelId, address), channel);
    }

    /// <summary>
    /// The model readers the Training service registers (the embedding students' with its
    /// embedding provider, configured as the service is: appsettings and Distillery__ variables).
    /// </summary>
    private static StudentModelReaders Readers()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.AddTraining();
        using var host = builder.Build();
        return host.Services.GetRequiredService<StudentModelReaders>();
    }

    /// <summary>The work, with a progress bar on stderr (bytes of the corpus read, documents and documents/s) when asked.</summary>
    private static async Task WithProgress(bool show, CorpusTexts texts, Func<Action<int>, Task> work)
    {
        if (!show)
        {
            await work(_ => { });
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("Predicting", maxValue: Math.Max(1, texts.Length));
                var clock = Stopwatch.StartNew();
                long documents = 0;
                await work(written =>
                {
                    documents += written;
                    bar.Value = texts.Position;
                    bar.Description = $"{documents:N0} documents, {documents / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0}/s";
                });
                bar.Value = bar.MaxValue;
            });
    }

    /// <summary>This process's peak resident set (VmHWM in /proc/self/status), where Linux tells it.</summary>
    private static double? PeakResidentMegabytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(candidate => candidate.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return long.TryParse(kilobytes, out var value) ? value / 1024.0 : null;
    }

    private static async Task<int> Fail(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return BadInput;
    }
}
