using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc;
using Distillery.IntegrationTests.Distributed;
using Distillery.IntegrationTests.Infrastructure;

namespace Distillery.IntegrationTests.Security;

/// <summary>
/// Tokens map to principals and jobs belong to their submitter: another principal's Get, Watch,
/// Report and Cancel answer NOT_FOUND and its List leaves them out, exactly as for a job that
/// does not exist, while a principal with the operator role sees and cancels every job.
/// </summary>
public sealed class JobOwnershipTests
{
    [PostgresFact]
    public async Task Another_principal_s_job_does_not_exist_for_a_principal_but_does_for_an_operator()
    {
        await using var coordinator = await CoordinatorServer.StartAsync();
        var channel = coordinator.Channel;
        var alices = (await channel.UnaryAsync<SubmitJobResponse>("/distillery.v1.Jobs/Submit", DistributedJobs.Request("alices", _ => { }), CoordinatorServer.Call())).JobId;
        var bobs = (await channel.UnaryAsync<SubmitJobResponse>("/distillery.v1.Jobs/Submit", DistributedJobs.Request("bobs", _ => { }), CoordinatorServer.Call(CoordinatorServer.Bob))).JobId;

        var bob = CoordinatorServer.Call(CoordinatorServer.Bob);
        var notFound = new List<StatusCode>
        {
            (await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Job>("/distillery.v1.Jobs/Get", new GetJobRequest { JobId = alices }, bob))).Status,
            (await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Report>("/distillery.v1.Jobs/GetReport", new GetReportRequest { JobId = alices }, bob))).Status,
            (await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Job>("/distillery.v1.Jobs/Cancel", new CancelJobRequest { JobId = alices }, bob))).Status,
            (await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await foreach (var _ in channel.ServerStreamingAsync<JobEvent>("/distillery.v1.Jobs/Watch", new WatchJobRequest { JobId = alices }, bob))
                {
                }
            })).Status,
        };
        Assert.All(notFound, status => Assert.Equal(StatusCode.NotFound, status));
        // The same answer as for an id nobody used: it tells nothing about Alice's job.
        var none = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Job>("/distillery.v1.Jobs/Get", new GetJobRequest { JobId = Guid.NewGuid().ToString() }, bob));
        Assert.Equal(StatusCode.NotFound, none.Status);

        Assert.Equal([bobs], await ListAsync(coordinator, CoordinatorServer.Bob));
        Assert.Equal([alices], await ListAsync(coordinator, CoordinatorServer.Alice));
        Assert.Equal([bobs, alices], await ListAsync(coordinator, CoordinatorServer.Operator));

        // Bob's attempt cancelled nothing; the operator's does.
        var operatorCall = CoordinatorServer.Call(CoordinatorServer.Operator);
        Assert.Equal(JobState.Running, (await channel.UnaryAsync<Job>("/distillery.v1.Jobs/Get", new GetJobRequest { JobId = alices }, CoordinatorServer.Call())).State);
        Assert.Equal(JobState.Cancelled, (await channel.UnaryAsync<Job>("/distillery.v1.Jobs/Cancel", new CancelJobRequest { JobId = alices }, operatorCall)).State);
        Assert.Equal(JobState.Cancelled, (await channel.UnaryAsync<Job>("/distillery.v1.Jobs/Get", new GetJobRequest { JobId = alices }, CoordinatorServer.Call())).State);
    }

    [PostgresFact]
    public async Task A_principal_cannot_submit_the_documents_another_principal_uploaded()
    {
        await using var coordinator = await CoordinatorServer.StartAsync();
        var uploadId = Guid.NewGuid().ToString("N");
        var chunk = new DocumentChunk { UploadId = uploadId, Task = "only" };
        chunk.Documents.AddRange(DistributedJobs.Request("upload", _ => { }).Spec.Tasks[0].Documents);
        await coordinator.Channel.ClientStreamingAsync<DocumentChunk, UploadDocumentsResponse>(
            "/distillery.v1.Jobs/UploadDocuments", new[] { chunk }.ToAsyncEnumerable(), CoordinatorServer.Call(CoordinatorServer.Bob));
        var request = DistributedJobs.Request("alices-with-bobs-documents", documents => documents.Clear());
        request.UploadId = uploadId;

        var refused = await Assert.ThrowsAsync<RpcException>(() => coordinator.Channel.UnaryAsync<SubmitJobResponse>("/distillery.v1.Jobs/Submit", request, CoordinatorServer.Call()));

        Assert.Equal(StatusCode.InvalidArgument, refused.Status);
        Assert.StartsWith("upload_id: nothing was uploaded as", refused.Message, StringComparison.Ordinal);
        var bobs = await coordinator.Channel.UnaryAsync<SubmitJobResponse>("/distillery.v1.Jobs/Submit", request, CoordinatorServer.Call(CoordinatorServer.Bob));
        Assert.True(Guid.TryParse(bobs.JobId, out _));
    }

    [PostgresFact]
    public async Task No_token_or_an_unknown_one_is_unauthenticated_and_health_needs_none()
    {
        await using var coordinator = await CoordinatorServer.StartAsync();

        var none = await Assert.ThrowsAsync<RpcException>(() => coordinator.Channel.UnaryAsync<ListJobsResponse>("/distillery.v1.Jobs/List", new ListJobsRequest(), CoordinatorServer.Call(null)));
        var wrong = await Assert.ThrowsAsync<RpcException>(() => coordinator.Channel.UnaryAsync<ListJobsResponse>("/distillery.v1.Jobs/List", new ListJobsRequest(), CoordinatorServer.Call("guess")));
        // The hash is no token: presenting what the configuration holds gets nowhere.
        var hash = await Assert.ThrowsAsync<RpcException>(() => coordinator.Channel.UnaryAsync<ListJobsResponse>(
            "/distillery.v1.Jobs/List", new ListJobsRequest(), CoordinatorServer.Call(ServiceDefaults.Security.BearerTokens.Sha256(CoordinatorServer.Alice))));
        var health = await coordinator.Channel.UnaryAsync<global::Grpc.Health.V1.HealthCheckResponse>("/grpc.health.v1.Health/Check", new global::Grpc.Health.V1.HealthCheckRequest(), CoordinatorServer.Call(null));

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated), (none.Status, wrong.Status, hash.Status));
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static async Task<string[]> ListAsync(CoordinatorServer coordinator, string token) =>
        [.. (await coordinator.Channel.UnaryAsync<ListJobsResponse>("/distillery.v1.Jobs/List", new ListJobsRequest(), CoordinatorServer.Call(token))).Jobs.Select(job => job.JobId)];
}
