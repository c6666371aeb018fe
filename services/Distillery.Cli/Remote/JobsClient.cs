using Distillery.Grpc.Client;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Remote;

/// <summary>The Coordinator's Jobs API over one channel, with the bearer token on every call.</summary>
internal sealed class JobsClient(GrpcChannel channel, string? token) : IDisposable
{
    private const string Service = "/distillery.v1.Jobs/";

    public Task<V1.SubmitJobResponse> SubmitAsync(V1.SubmitJobRequest request, CancellationToken cancellationToken) =>
        channel.UnaryAsync<V1.SubmitJobResponse>(Service + "Submit", request, Options(cancellationToken, TimeSpan.FromMinutes(5)));

    /// <summary>Documents for a later Submit, streamed chunk by chunk; no deadline but the caller's, since a corpus may be large and a link slow.</summary>
    public Task<V1.UploadDocumentsResponse> UploadDocumentsAsync(IAsyncEnumerable<V1.DocumentChunk> chunks, CancellationToken cancellationToken) =>
        channel.ClientStreamingAsync<V1.DocumentChunk, V1.UploadDocumentsResponse>(Service + "UploadDocuments", chunks,
            new CallOptions(Metadata: Metadata(), CancellationToken: cancellationToken));

    public Task<V1.Job> GetAsync(string jobId, CancellationToken cancellationToken) =>
        channel.UnaryAsync<V1.Job>(Service + "Get", new V1.GetJobRequest { JobId = jobId }, Options(cancellationToken));

    public Task<V1.ListJobsResponse> ListAsync(V1.ListJobsRequest request, CancellationToken cancellationToken) =>
        channel.UnaryAsync<V1.ListJobsResponse>(Service + "List", request, Options(cancellationToken));

    public Task<V1.Job> CancelAsync(string jobId, CancellationToken cancellationToken) =>
        channel.UnaryAsync<V1.Job>(Service + "Cancel", new V1.CancelJobRequest { JobId = jobId }, Options(cancellationToken));

    public Task<V1.Report> GetReportAsync(string jobId, V1.ReportFormat format, CancellationToken cancellationToken) =>
        channel.UnaryAsync<V1.Report>(Service + "GetReport", new V1.GetReportRequest { JobId = jobId, Format = format }, Options(cancellationToken, TimeSpan.FromMinutes(2)));

    public IAsyncEnumerable<V1.JobEvent> WatchAsync(string jobId, long afterSequence, CancellationToken cancellationToken) =>
        channel.ServerStreamingAsync<V1.JobEvent>(Service + "Watch", new V1.WatchJobRequest { JobId = jobId, AfterSequence = afterSequence },
            new CallOptions(Metadata: Metadata(), CancellationToken: cancellationToken));

    public void Dispose() => channel.Dispose();

    private CallOptions Options(CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        new(timeout ?? TimeSpan.FromSeconds(30), Metadata(), cancellationToken);

    private Dictionary<string, string>? Metadata() =>
        token is { Length: > 0 } ? new Dictionary<string, string> { ["authorization"] = $"Bearer {token}" } : null;
}
