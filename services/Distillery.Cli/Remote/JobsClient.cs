using Distillery.Grpc;
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
        ReadAsync(() => channel.UnaryAsync<V1.Job>(Service + "Get", new V1.GetJobRequest { JobId = jobId }, Options(cancellationToken)), cancellationToken);

    public Task<V1.ListJobsResponse> ListAsync(V1.ListJobsRequest request, CancellationToken cancellationToken) =>
        ReadAsync(() => channel.UnaryAsync<V1.ListJobsResponse>(Service + "List", request, Options(cancellationToken)), cancellationToken);

    public Task<V1.Job> CancelAsync(string jobId, CancellationToken cancellationToken) =>
        channel.UnaryAsync<V1.Job>(Service + "Cancel", new V1.CancelJobRequest { JobId = jobId }, Options(cancellationToken));

    public Task<V1.Report> GetReportAsync(string jobId, V1.ReportFormat format, CancellationToken cancellationToken) =>
        ReadAsync(() => channel.UnaryAsync<V1.Report>(Service + "GetReport", new V1.GetReportRequest { JobId = jobId, Format = format }, Options(cancellationToken, TimeSpan.FromMinutes(2))), cancellationToken);

    public IAsyncEnumerable<V1.JobEvent> WatchAsync(string jobId, long afterSequence, CancellationToken cancellationToken) =>
        channel.ServerStreamingAsync<V1.JobEvent>(Service + "Watch", new V1.WatchJobRequest { JobId = jobId, AfterSequence = afterSequence },
            new CallOptions(Metadata: Metadata(), CancellationToken: cancellationToken));

    public void Dispose() => channel.Dispose();

    /// <summary>
    /// A read asked again while the Coordinator says UNAVAILABLE (its database restarting, say):
    /// 1, 2, 4, 8 and 16 s apart, half a minute in all. Reads change nothing, so a repeat is safe;
    /// Submit and Cancel are not repeated.
    /// </summary>
    private static async Task<T> ReadAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.Status == StatusCode.Unavailable && attempt < 5)
            {
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
        }
    }

    private CallOptions Options(CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        new(timeout ?? TimeSpan.FromSeconds(30), Metadata(), cancellationToken);

    private Dictionary<string, string>? Metadata() =>
        token is { Length: > 0 } ? new Dictionary<string, string> { ["authorization"] = $"Bearer {token}" } : null;
}
