using Distillery.Cli.Local;
using Grpc.Core;
using Spectre.Console;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Remote;

/// <summary>
/// Sends a job's documents to the Coordinator by UploadDocuments under a fresh upload id, with a
/// progress bar on stderr when stderr is a terminal (stdout stays the job id alone, for scripts).
/// </summary>
internal static class DocumentUpload
{
    /// <summary>The upload id for Submit, once the Coordinator has acknowledged every document.</summary>
    public static async Task<string> UploadAsync(CoordinatorChannel client, IReadOnlyList<PreparedTask> tasks, ReplayedUpload replayed, bool showProgress, CancellationToken cancellationToken)
    {
        // One id per upload: the Coordinator refuses an id whose documents wait, so two uploads cannot mix.
        var uploadId = Guid.NewGuid().ToString("N");
        var total = tasks.Sum(task => (long)task.Corpus.Documents.Count);
        var chunks = JobSubmission.Chunks(uploadId, tasks, replayed);
        V1.UploadDocumentsResponse? response = null;
        if (showProgress)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask($"Uploading {total} documents", maxValue: Math.Max(1, total));
                    response = await client.UploadDocumentsAsync(chunks, chunk => bar.Increment(chunk.Documents.Count), cancellationToken);
                    bar.Value = bar.MaxValue;
                });
        }
        else
        {
            response = await client.UploadDocumentsAsync(chunks, sent: null, cancellationToken);
        }

        return response!.Documents == total
            ? uploadId
            : throw new RpcException(new global::Grpc.Core.Status(StatusCode.DataLoss, $"the Coordinator received {response.Documents} of the {total} documents uploaded"));
    }
}
