using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// <c>distillery submit</c> sends a job's documents by the client-streaming UploadDocuments, in
/// chunks, and Submit names the upload: a job larger than the Coordinator accepts in one message
/// (here gRPC's customary 4 MiB) goes through, where the same job inline is refused. Uploads are
/// all or nothing, and an upload id serves one upload.
/// </summary>
// One at a time: each starts every service as a process, with its ports and database connections.
[Collection("distributed services")]
public sealed partial class DocumentUploadTests : IDisposable
{
    private const int MaxReceiveMessageSize = 4 * 1024 * 1024;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-upload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task A_job_larger_than_one_message_is_uploaded_in_chunks_by_the_cli_and_completes()
    {
        await using var services = await DistributedServices.StartAsync(coordinatorSettings: [$"--Distillery:Grpc:MaxReceiveMessageSize={MaxReceiveMessageSize}"]);
        // 2,500 documents of about 2 KiB: some 5 MiB, more than one message may carry.
        var job = DistributedJobs.Write(_folder, "large-upload", tasks: 1, documents: 2_500, fillerWords: 300);
        Assert.True(new FileInfo(Path.Combine(_folder, "task-0.jsonl")).Length > MaxReceiveMessageSize + (512 * 1024));
        try
        {
            var submitted = await Cli(services, "submit", job);
            Assert.True(submitted.ExitCode == 0, submitted.Output);
            var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
            Assert.True(Guid.TryParse(jobId, out _), $"submit printed '{submitted.Output}'");

            var upload = UploadLogLine().Match(services.Output);
            Assert.True(upload.Success, $"the Coordinator logged no upload:\n{services.Output}");
            Assert.Equal("2500", upload.Groups["documents"].Value);
            Assert.True(int.Parse(upload.Groups["chunks"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 5, upload.Value);
            await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
            // Submit took the upload: its chunks are gone, its documents are the task's corpus.
            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM coordinator_uploads WHERE upload_id = $1", upload.Groups["id"].Value));
            Assert.Equal(2_500L, await ScalarAsync(database, "SELECT count(*) FROM corpus_documents WHERE task_id = $1", $"{Guid.Parse(jobId):N}-task-0"));

            // On a terminal, submit draws the upload's progress on stderr; with --json it draws nothing.
            var terminal = await OnTerminalAsync(services, "submit", job);
            Assert.True(terminal.ExitCode == 0, terminal.Output);
            Assert.Contains("Uploading 2500 documents", terminal.Output, StringComparison.Ordinal);
            Assert.Contains("100%", terminal.Output, StringComparison.Ordinal);
            var quiet = await OnTerminalAsync(services, "submit", job, "--json");
            Assert.True(quiet.ExitCode == 0, quiet.Output);
            Assert.DoesNotContain("Uploading", quiet.Output, StringComparison.Ordinal);
            // The terminal's own control sequences (keypad mode) may surround the JSON line.
            Assert.Matches("\"jobId\": \"[0-9a-f-]{36}\"", quiet.Output);

            var watched = await Cli(services, "watch", jobId, "--json");
            Assert.True(watched.ExitCode == 0, watched.Output);
            var status = await Cli(services, "status", jobId, "--json");
            Assert.Equal("COMPLETED", JsonNode.Parse(status.Output)!["state"]!.GetValue<string>());
            await DistributedJobTests.AssertOneLabelPerDocument(jobId, expected: 150);

            // The same documents inline are more than the Coordinator takes in one message.
            using var channel = GrpcClients.Channel(new Uri(services.Endpoint));
            var inline = DistributedJobs.Request("large-inline", documents =>
            {
                var text = string.Concat(Enumerable.Repeat(" filler", 300));
                for (var i = 0; i < 2_500; i++)
                {
                    documents.Add(new Document { Id = $"big-{i}", Text = $"match goal number {i}{text}", HumanLabel = i % 2 == 0 ? "sport" : "money" });
                }
            });
            var refused = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).SubmitAsync(inline, Call()).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    [ServersFact]
    public async Task An_upload_is_all_or_nothing_its_id_serves_once_and_submit_refuses_tasks_it_does_not_name()
    {
        await using var services = await DistributedServices.StartAsync();
        using var channel = GrpcClients.Channel(new Uri(services.Endpoint));
        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        var documents = DistributedJobs.Request("upload", _ => { }).Spec.Tasks[0].Documents;
        try
        {
            // Inline submission still works for API users.
            var inline = await GrpcClients.Jobs(channel).SubmitAsync(DistributedJobs.Request("inline", _ => { }), Call()).ResponseAsync;
            Assert.True(Guid.TryParse(inline.JobId, out _));

            // A stream that breaks off after a chunk leaves nothing behind.
            var broken = Guid.NewGuid().ToString("N");
            using (var abort = new CancellationTokenSource())
            {
                await Assert.ThrowsAnyAsync<Exception>(() => GrpcClients.Jobs(channel).UploadDocuments(Call(abort.Token)).Send(BreakingOff(Chunk(broken, "only", documents.Take(30)), abort)));
            }

            await Task.Delay(500);
            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM coordinator_uploads WHERE upload_id = $1", broken));

            // Two chunks of one task; the id cannot be used again while its documents wait.
            var uploadId = Guid.NewGuid().ToString("N");
            var uploaded = await Upload(channel, Chunk(uploadId, "only", documents.Take(30)), Chunk(uploadId, "only", documents.Skip(30)));
            Assert.Equal(60, uploaded.Documents);
            var again = await Assert.ThrowsAsync<RpcException>(() => Upload(channel, Chunk(uploadId, "only", documents.Take(1))));
            Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

            var request = DistributedJobs.Request("uploaded", list => list.Clear());
            request.UploadId = uploadId;
            var submitted = await GrpcClients.Jobs(channel).SubmitAsync(request, Call()).ResponseAsync;
            Assert.Equal(60L, await ScalarAsync(database, "SELECT count(*) FROM corpus_documents WHERE task_id = $1", $"{Guid.Parse(submitted.JobId):N}-only"));
            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM coordinator_uploads WHERE upload_id = $1", uploadId));

            // Documents uploaded for a task the spec does not name are an error, not silently dropped.
            var stray = Guid.NewGuid().ToString("N");
            await Upload(channel, Chunk(stray, "only", documents), Chunk(stray, "other", documents.Take(5)));
            request = DistributedJobs.Request("stray", list => list.Clear());
            request.UploadId = stray;
            var error = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).SubmitAsync(request, Call()).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith("upload_id: documents were uploaded for task 'other'", error.Status.Detail, StringComparison.Ordinal);

            var watched = await Cli(services, "watch", submitted.JobId, "--json");
            Assert.True(watched.ExitCode == 0, watched.Output);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    private static CallOptions Call(CancellationToken cancellationToken = default) =>
        GrpcClients.Options(TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["authorization"] = $"Bearer {DistributedServices.Token}" }, cancellationToken);

    private static DocumentChunk Chunk(string uploadId, string task, IEnumerable<Document> documents)
    {
        var chunk = new DocumentChunk { UploadId = uploadId, Task = task };
        chunk.Documents.AddRange(documents);
        return chunk;
    }

    private static Task<UploadDocumentsResponse> Upload(GrpcChannel channel, params DocumentChunk[] chunks) =>
        GrpcClients.Jobs(channel).UploadDocuments(Call()).Send(chunks.ToAsyncEnumerable());

    /// <summary>Sends <paramref name="first"/>, waits until the server has surely stored it, then cancels the call.</summary>
    private static async IAsyncEnumerable<DocumentChunk> BreakingOff(DocumentChunk first, CancellationTokenSource abort)
    {
        yield return first;
        await Task.Delay(1_000);
        await abort.CancelAsync();
        await Task.Delay(Timeout.Infinite, abort.Token);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql, string parameter)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<(int ExitCode, string Output)> Cli(DistributedServices services, params string[] arguments) =>
        services.CliAsync(Deadline, arguments);

    /// <summary>The client on a pseudo-terminal (util-linux <c>script</c>), as a person runs it: stdout and stderr together.</summary>
    private static async Task<(int ExitCode, string Output)> OnTerminalAsync(DistributedServices services, params string[] arguments)
    {
        string[] command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "distillery.dll"), .. arguments, "--endpoint", services.Endpoint, "--token", DistributedServices.Token];
        var start = new System.Diagnostics.ProcessStartInfo("script", ["--quiet", "--return", "--command", string.Join(' ', command.Select(part => $"'{part}'")), "/dev/null"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["COLUMNS"] = "160";
        start.Environment["TERM"] = "xterm";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [GeneratedRegex(@"Upload ""?(?<id>[0-9a-f]{32})""?: (?<documents>\d+) documents in (?<chunks>\d+) chunks")]
    private static partial Regex UploadLogLine();
}
