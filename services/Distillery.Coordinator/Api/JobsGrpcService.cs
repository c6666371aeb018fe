using System.Globalization;
using Distillery.Coordinator.Jobs;
using Distillery.Coordinator.Workflow;
using Distillery.Evaluation.Reports;
using Distillery.Grpc;
using Distillery.ServiceDefaults.Security;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Coordinator.Api;

/// <summary>
/// The client-facing Jobs API. Submit checks the whole job before anything is stored
/// (<c>INVALID_ARGUMENT</c> naming the field), its documents inline or, for corpora larger than
/// one message may be, uploaded beforehand by UploadDocuments and named by <c>upload_id</c>;
/// Watch replays a job's events from any sequence number, so a client that lost its connection
/// resumes without missing one. Jobs and uploads belong to the principal that made them: to any
/// other, except an operator, they do not exist (NOT_FOUND, absent from List), so ids tell nothing.
/// </summary>
public sealed class JobsGrpcService(
    NpgsqlDataSource dataSource, JobWorkflow workflow, JobChecks checks, IOptions<CoordinatorOptions> options, ILogger<JobsGrpcService> logger) : V1.Jobs.JobsBase
{
    private static readonly TimeSpan WatchPoll = TimeSpan.FromMilliseconds(200);

    public override async Task<V1.SubmitJobResponse> Submit(V1.SubmitJobRequest request, ServerCallContext context)
    {
        if (request.Spec is null)
        {
            throw InvalidArgument.FromMessage("spec: is required");
        }

        var caller = CallerPrincipal.Of(context.GetHttpContext().User);
        var uploaded = request.UploadId.Length == 0 ? new Dictionary<string, IReadOnlyList<V1.Document>>() : await UploadedAsync(request.UploadId, caller, context.CancellationToken);
        var tasks = JobSpecValidator.Validate(request.Spec, uploaded, checks.Endpoints, checks.Students);
        var jobId = await workflow.SubmitAsync(request.Spec, tasks, caller.Name, context.CancellationToken);
        if (request.UploadId.Length > 0)
        {
            await using var delete = dataSource.CreateCommand("DELETE FROM coordinator_uploads WHERE upload_id = $1 AND owner = $2");
            delete.Parameters.Add(new NpgsqlParameter { Value = request.UploadId });
            delete.Parameters.Add(new NpgsqlParameter { Value = caller.Name });
            await delete.ExecuteNonQueryAsync(context.CancellationToken);
        }

        return new V1.SubmitJobResponse { JobId = jobId.ToString() };
    }

    /// <summary>
    /// Receives documents for a later Submit (which names the upload), in as many chunks as the
    /// client likes, each under the receive limit, so a job's documents are not bound by it. The
    /// chunks are written in one transaction: an upload that breaks off leaves nothing behind, and
    /// Submit never sees half of one. An upload id whose documents still wait for their Submit is
    /// refused (<c>ALREADY_EXISTS</c>); uploads never submitted are dropped after
    /// <see cref="CoordinatorOptions.UploadRetention"/>.
    /// </summary>
    public override async Task<V1.UploadDocumentsResponse> UploadDocuments(IAsyncStreamReader<V1.DocumentChunk> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var caller = CallerPrincipal.Of(context.GetHttpContext().User);
        await using var transaction = await WorkflowTransaction.BeginAsync(dataSource, cancellationToken);
        string? uploadId = null;
        long documents = 0, received = 0;
        await foreach (var chunk in requestStream.ReadAllAsync(cancellationToken))
        {
            if (chunk.UploadId.Length == 0 || chunk.Task.Length == 0 || (uploadId is not null && chunk.UploadId != uploadId))
            {
                throw InvalidArgument.FromMessage("upload_id and task: every chunk needs both, and one upload_id per stream");
            }

            if (uploadId is null)
            {
                // Two streams with one id would mix their documents: the first to come holds the id.
                await transaction.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended($1, 7412))", [chunk.UploadId], cancellationToken);
                if (await transaction.ScalarAsync<int>("SELECT 1 FROM coordinator_uploads WHERE upload_id = $1 LIMIT 1", [chunk.UploadId], cancellationToken) == 1)
                {
                    throw new RpcException(new Status(StatusCode.AlreadyExists, $"upload_id: {ClientValue.Quote(chunk.UploadId)} was used by an earlier upload; choose a new one for each upload"));
                }

                uploadId = chunk.UploadId;
            }

            await transaction.ExecuteAsync("INSERT INTO coordinator_uploads (upload_id, task, documents, owner) VALUES ($1, $2, $3, $4)",
                [chunk.UploadId, chunk.Task, chunk.ToByteArray(), caller.Name], cancellationToken);
            documents += chunk.Documents.Count;
            received++;
        }

        if (uploadId is null)
        {
            throw InvalidArgument.FromMessage("upload_id: the stream carried no chunk");
        }

        var expired = await transaction.ExecuteAsync("DELETE FROM coordinator_uploads WHERE received_at < now() - $1",
            [options.Value.UploadRetention], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Upload {UploadId}: {Documents} documents in {Chunks} chunks ({Expired} expired chunks dropped)", uploadId, documents, received, expired);
        return new V1.UploadDocumentsResponse { UploadId = uploadId, Documents = documents };
    }

    public override async Task<V1.Job> Get(V1.GetJobRequest request, ServerCallContext context)
    {
        var jobId = JobId(request.JobId);
        await RequireVisibleAsync(jobId, context);
        return await JobAsync(jobId, context.CancellationToken);
    }

    public override async Task Watch(V1.WatchJobRequest request, IServerStreamWriter<V1.JobEvent> responseStream, ServerCallContext context)
    {
        var jobId = JobId(request.JobId);
        var after = request.AfterSequence;
        var cancellationToken = context.CancellationToken;
        await RequireVisibleAsync(jobId, context);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using (var command = dataSource.CreateCommand("SELECT sequence, event FROM coordinator_events WHERE job_id = $1 AND sequence > $2 ORDER BY sequence"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = jobId });
                command.Parameters.Add(new NpgsqlParameter { Value = after });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var jobEvent = V1.JobEvent.Parser.ParseFrom((byte[])reader[1]);
                    await responseStream.WriteAsync(jobEvent);
                    after = jobEvent.Sequence;
                    if (jobEvent.Task is null && jobEvent.JobState is V1.JobState.Completed or V1.JobState.Failed or V1.JobState.Cancelled)
                    {
                        return; // The job's last event: the stream ends with the job.
                    }
                }
            }

            await Task.Delay(WatchPoll, cancellationToken);
        }
    }

    public override async Task<V1.ListJobsResponse> List(V1.ListJobsRequest request, ServerCallContext context)
    {
        var pageSize = request.PageSize switch { 0 => 20, > 100 => 100, < 0 => throw InvalidArgument.FromMessage("page_size: must not be negative"), var size => size };
        var offset = 0;
        if (request.PageToken.Length > 0 && (!int.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            throw InvalidArgument.FromMessage("page_token: not a token this server gave");
        }

        var caller = CallerPrincipal.Of(context.GetHttpContext().User);
        await using var command = dataSource.CreateCommand(
            "SELECT job_id FROM coordinator_jobs WHERE owner = $3 OR $4 ORDER BY created_at DESC, job_id LIMIT $1 OFFSET $2");
        command.Parameters.Add(new NpgsqlParameter { Value = pageSize + 1 });
        command.Parameters.Add(new NpgsqlParameter { Value = offset });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.IsOperator });
        var ids = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(context.CancellationToken))
        {
            while (await reader.ReadAsync(context.CancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var response = new V1.ListJobsResponse { NextPageToken = ids.Count > pageSize ? (offset + pageSize).ToString(CultureInfo.InvariantCulture) : "" };
        foreach (var id in ids.Take(pageSize))
        {
            response.Jobs.Add(await JobAsync(id, context.CancellationToken));
        }

        return response;
    }

    public override async Task<V1.Job> Cancel(V1.CancelJobRequest request, ServerCallContext context)
    {
        var jobId = JobId(request.JobId);
        await RequireVisibleAsync(jobId, context);
        try
        {
            await workflow.CancelAsync(jobId, context.CancellationToken);
        }
        catch (KeyNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"job_id: no job {jobId}"));
        }

        return await JobAsync(jobId, context.CancellationToken);
    }

    public override async Task<V1.Report> GetReport(V1.GetReportRequest request, ServerCallContext context)
    {
        var jobId = JobId(request.JobId);
        await RequireVisibleAsync(jobId, context);
        await using var command = dataSource.CreateCommand("SELECT state, report FROM coordinator_jobs WHERE job_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        if (!await reader.ReadAsync(context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"job_id: no job {jobId}"));
        }

        if (reader.IsDBNull(1))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"job {jobId} is {reader.GetString(0)}: its report exists once every task has ended"));
        }

        var json = reader.GetString(1);
        return request.Format switch
        {
            V1.ReportFormat.Markdown => Report("text/markdown", MarkdownReportWriter.Write(JsonReportWriter.Read(json))),
            V1.ReportFormat.Html => Report("text/html", HtmlReportWriter.Write(JsonReportWriter.Read(json))),
            _ => Report("application/json", json),
        };
    }

    private static V1.Report Report(string contentType, string content) => new() { ContentType = contentType, Content = ByteString.CopyFromUtf8(content) };

    private static Guid JobId(string text) =>
        Guid.TryParse(text, out var id) ? id : throw InvalidArgument.FromMessage($"job_id: {ClientValue.Quote(text)} is not a job id (a UUID)");

    /// <summary>NOT_FOUND unless the job exists and belongs to the caller, or the caller is an operator: another's job is no different from none.</summary>
    private async Task RequireVisibleAsync(Guid jobId, ServerCallContext context)
    {
        var caller = CallerPrincipal.Of(context.GetHttpContext().User);
        await using var command = dataSource.CreateCommand("SELECT 1 FROM coordinator_jobs WHERE job_id = $1 AND (owner = $2 OR $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.IsOperator });
        if (await command.ExecuteScalarAsync(context.CancellationToken) is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"job_id: no job {jobId}"));
        }
    }

    private async Task<V1.Job> JobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var transaction = await WorkflowTransaction.BeginAsync(dataSource, cancellationToken);
        var row = (await transaction.QueryAsync(
            "SELECT name, state, created_at, updated_at FROM coordinator_jobs WHERE job_id = $1", [jobId],
            reader => (Name: reader.GetString(0), State: reader.GetString(1), Created: reader.GetFieldValue<DateTimeOffset>(2), Updated: reader.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken)).SingleOrDefault();
        if (row == default)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"job_id: no job {jobId}"));
        }

        var job = new V1.Job
        {
            JobId = jobId.ToString(),
            Name = row.Name,
            State = JobStates.ToApi(row.State),
            CreatedUnixMs = row.Created.ToUnixTimeMilliseconds(),
            UpdatedUnixMs = row.Updated.ToUnixTimeMilliseconds(),
        };
        var tasks = await transaction.QueryAsync("SELECT task_name FROM coordinator_tasks WHERE job_id = $1 ORDER BY position", [jobId], reader => reader.GetString(0), cancellationToken);
        foreach (var task in tasks)
        {
            job.Tasks.Add(await JobReports.TaskStatusAsync(transaction, jobId, task, cancellationToken));
        }

        return job;
    }

    private async Task<Dictionary<string, IReadOnlyList<V1.Document>>> UploadedAsync(string uploadId, CallerPrincipal caller, CancellationToken cancellationToken)
    {
        // Only the caller's own upload: another principal's documents are not there for it.
        await using var command = dataSource.CreateCommand("SELECT documents FROM coordinator_uploads WHERE upload_id = $1 AND owner = $2 ORDER BY chunk");
        command.Parameters.Add(new NpgsqlParameter { Value = uploadId });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.Name });
        var byTask = new Dictionary<string, List<V1.Document>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var chunk = V1.DocumentChunk.Parser.ParseFrom((byte[])reader[0]);
            if (!byTask.TryGetValue(chunk.Task, out var documents))
            {
                byTask[chunk.Task] = documents = [];
            }

            documents.AddRange(chunk.Documents);
        }

        return byTask.Count == 0
            ? throw InvalidArgument.FromMessage($"upload_id: nothing was uploaded as {ClientValue.Quote(uploadId)}")
            : byTask.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<V1.Document>)pair.Value, StringComparer.Ordinal);
    }
}
