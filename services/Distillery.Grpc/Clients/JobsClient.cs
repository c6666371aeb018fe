using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc.Client;
using Google.Protobuf.Reflection;

namespace Distillery.Grpc.Clients;

/// <summary><c>distillery.v1.Jobs</c>, the Coordinator's client-facing API. It needs a bearer token: pass <c>authorization: Bearer …</c> in each call's metadata.</summary>
public sealed class JobsClient(GrpcChannel channel) : GrpcClient(channel, Descriptor)
{
    public static ServiceDescriptor Descriptor { get; } = JobsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Jobs");

    public Task<SubmitJobResponse> SubmitAsync(SubmitJobRequest request, CallOptions? options = null) =>
        UnaryAsync<SubmitJobRequest, SubmitJobResponse>("Submit", request, options);

    /// <summary>Documents for a later <see cref="SubmitAsync"/>, streamed in chunks as the caller reads them.</summary>
    public Task<UploadDocumentsResponse> UploadDocumentsAsync(IAsyncEnumerable<DocumentChunk> chunks, CallOptions? options = null) =>
        ClientStreamingAsync<DocumentChunk, UploadDocumentsResponse>("UploadDocuments", chunks, options);

    public Task<Job> GetAsync(GetJobRequest request, CallOptions? options = null) =>
        UnaryAsync<GetJobRequest, Job>("Get", request, options);

    /// <summary>The job's events as they happen, from <c>after_sequence</c> on.</summary>
    public IAsyncEnumerable<JobEvent> WatchAsync(WatchJobRequest request, CallOptions? options = null) =>
        ServerStreamingAsync<WatchJobRequest, JobEvent>("Watch", request, options);

    public Task<ListJobsResponse> ListAsync(ListJobsRequest request, CallOptions? options = null) =>
        UnaryAsync<ListJobsRequest, ListJobsResponse>("List", request, options);

    public Task<Job> CancelAsync(CancelJobRequest request, CallOptions? options = null) =>
        UnaryAsync<CancelJobRequest, Job>("Cancel", request, options);

    public Task<Report> GetReportAsync(GetReportRequest request, CallOptions? options = null) =>
        UnaryAsync<GetReportRequest, Report>("GetReport", request, options);
}
