using Distillery.Grpc.Client;
using Grpc.Core;
using Grpc.Net.Client;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Remote;

/// <summary>
/// The CLI's one channel to the Coordinator and the generated Jobs client on it, the bearer
/// token on every call. Reads get a deadline of <see cref="ReadDeadline"/> and are asked again
/// while the Coordinator says UNAVAILABLE; Submit gets <see cref="SubmitDeadline"/> (a large job
/// is checked whole before it is stored) and, like Cancel, is not repeated.
/// </summary>
internal sealed class CoordinatorChannel(Uri address, string? token) : IDisposable
{
    public static readonly TimeSpan ReadDeadline = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan SubmitDeadline = TimeSpan.FromMinutes(5);

    private const int ReadAttempts = 6;

    // Retries are this class's choice per method, not the channel's: a repeated Submit could make two jobs.
    private readonly GrpcChannel _channel = DistilleryChannel.Create(address, new ChannelSettings { BearerToken = token, MaxRetries = 0 });

    private V1.Jobs.JobsClient Jobs => new(_channel);

    public async Task<V1.SubmitJobResponse> SubmitAsync(V1.SubmitJobRequest request, CancellationToken cancellationToken) =>
        await Jobs.SubmitAsync(request, Options(SubmitDeadline, cancellationToken));

    /// <summary>Documents for a later Submit, streamed chunk by chunk; no deadline but the caller's, since a corpus may be large and a link slow.</summary>
    public async Task<V1.UploadDocumentsResponse> UploadDocumentsAsync(IEnumerable<V1.DocumentChunk> chunks, Action<V1.DocumentChunk>? sent, CancellationToken cancellationToken)
    {
        using var call = Jobs.UploadDocuments(cancellationToken: cancellationToken);
        foreach (var chunk in chunks)
        {
            await call.RequestStream.WriteAsync(chunk, cancellationToken);
            sent?.Invoke(chunk);
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    public Task<V1.Job> GetAsync(string jobId, CancellationToken cancellationToken) =>
        ReadAsync(options => Jobs.GetAsync(new V1.GetJobRequest { JobId = jobId }, options), cancellationToken);

    public Task<V1.ListJobsResponse> ListAsync(V1.ListJobsRequest request, CancellationToken cancellationToken) =>
        ReadAsync(options => Jobs.ListAsync(request, options), cancellationToken);

    public async Task<V1.Job> CancelAsync(string jobId, CancellationToken cancellationToken) =>
        await Jobs.CancelAsync(new V1.CancelJobRequest { JobId = jobId }, Options(ReadDeadline, cancellationToken));

    public Task<V1.Report> GetReportAsync(string jobId, V1.ReportFormat format, CancellationToken cancellationToken) =>
        ReadAsync(options => Jobs.GetReportAsync(new V1.GetReportRequest { JobId = jobId, Format = format }, options), cancellationToken);

    /// <summary>A job's events after <paramref name="afterSequence"/>, as long as the caller reads; no deadline (a job runs for hours).</summary>
    public async IAsyncEnumerable<V1.JobEvent> WatchAsync(string jobId, long afterSequence, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = Jobs.Watch(new V1.WatchJobRequest { JobId = jobId, AfterSequence = afterSequence }, cancellationToken: cancellationToken);
        await foreach (var jobEvent in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            yield return jobEvent;
        }
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// A read asked again while the Coordinator says UNAVAILABLE (its database restarting, say):
    /// 1, 2, 4, 8 and 16 s apart, half a minute in all. Reads change nothing, so a repeat is safe.
    /// </summary>
    private static async Task<T> ReadAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(Options(ReadDeadline, cancellationToken));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < ReadAttempts)
            {
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
        }
    }

    private static CallOptions Options(TimeSpan deadline, CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
}
