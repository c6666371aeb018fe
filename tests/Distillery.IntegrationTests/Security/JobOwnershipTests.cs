using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Distributed;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Infrastructure;
using Grpc.Core;

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
        var alices = (await GrpcClients.Jobs(channel).SubmitAsync(DistributedJobs.Request("alices", _ => { }), CoordinatorServer.Call()).ResponseAsync).JobId;
        var bobs = (await GrpcClients.Jobs(channel).SubmitAsync(DistributedJobs.Request("bobs", _ => { }), CoordinatorServer.Call(CoordinatorServer.Bob)).ResponseAsync).JobId;

        var bob = CoordinatorServer.Call(CoordinatorServer.Bob);
        var notFound = new List<StatusCode>
        {
            (await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).GetAsync(new GetJobRequest { JobId = alices }, bob).ResponseAsync)).StatusCode,
            (await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).GetReportAsync(new GetReportRequest { JobId = alices }, bob).ResponseAsync)).StatusCode,
            (await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).CancelAsync(new CancelJobRequest { JobId = alices }, bob).ResponseAsync)).StatusCode,
            (await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await foreach (var _ in GrpcClients.Jobs(channel).Watch(new WatchJobRequest { JobId = alices }, bob).All())
                {
                }
            })).StatusCode,
        };
        Assert.All(notFound, status => Assert.Equal(StatusCode.NotFound, status));
        // The same answer as for an id nobody used: it tells nothing about Alice's job.
        var none = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(channel).GetAsync(new GetJobRequest { JobId = Guid.NewGuid().ToString() }, bob).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, none.StatusCode);

        Assert.Equal([bobs], await ListAsync(coordinator, CoordinatorServer.Bob));
        Assert.Equal([alices], await ListAsync(coordinator, CoordinatorServer.Alice));
        Assert.Equal([bobs, alices], await ListAsync(coordinator, CoordinatorServer.Operator));

        // Bob's attempt cancelled nothing; the operator's does.
        var operatorCall = CoordinatorServer.Call(CoordinatorServer.Operator);
        Assert.Equal(JobState.Running, (await GrpcClients.Jobs(channel).GetAsync(new GetJobRequest { JobId = alices }, CoordinatorServer.Call()).ResponseAsync).State);
        Assert.Equal(JobState.Cancelled, (await GrpcClients.Jobs(channel).CancelAsync(new CancelJobRequest { JobId = alices }, operatorCall).ResponseAsync).State);
        Assert.Equal(JobState.Cancelled, (await GrpcClients.Jobs(channel).GetAsync(new GetJobRequest { JobId = alices }, CoordinatorServer.Call()).ResponseAsync).State);
    }

    [PostgresFact]
    public async Task A_principal_cannot_submit_the_documents_another_principal_uploaded()
    {
        await using var coordinator = await CoordinatorServer.StartAsync();
        var uploadId = Guid.NewGuid().ToString("N");
        var chunk = new DocumentChunk { UploadId = uploadId, Task = "only" };
        chunk.Documents.AddRange(DistributedJobs.Request("upload", _ => { }).Spec.Tasks[0].Documents);
        await GrpcClients.Jobs(coordinator.Channel).UploadDocuments(CoordinatorServer.Call(CoordinatorServer.Bob)).Send(new[] { chunk }.ToAsyncEnumerable());
        var request = DistributedJobs.Request("alices-with-bobs-documents", documents => documents.Clear());
        request.UploadId = uploadId;

        var refused = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(coordinator.Channel).SubmitAsync(request, CoordinatorServer.Call()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("upload_id: nothing was uploaded as", refused.Status.Detail, StringComparison.Ordinal);
        var bobs = await GrpcClients.Jobs(coordinator.Channel).SubmitAsync(request, CoordinatorServer.Call(CoordinatorServer.Bob)).ResponseAsync;
        Assert.True(Guid.TryParse(bobs.JobId, out _));
    }

    [PostgresFact]
    public async Task No_token_or_an_unknown_one_is_unauthenticated_and_health_needs_none()
    {
        await using var coordinator = await CoordinatorServer.StartAsync();

        var none = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(coordinator.Channel).ListAsync(new ListJobsRequest(), CoordinatorServer.Call(null)).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(coordinator.Channel).ListAsync(new ListJobsRequest(), CoordinatorServer.Call("guess")).ResponseAsync);
        // The hash is no token: presenting what the configuration holds gets nowhere.
        var hash = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(coordinator.Channel).ListAsync(new ListJobsRequest(), CoordinatorServer.Call(ServiceDefaults.Security.BearerTokens.Sha256(CoordinatorServer.Alice))).ResponseAsync);
        var health = await GrpcClients.Health(coordinator.Channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest(), CoordinatorServer.Call(null)).ResponseAsync;

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated), (none.StatusCode, wrong.StatusCode, hash.StatusCode));
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static async Task<string[]> ListAsync(CoordinatorServer coordinator, string token) =>
        [.. (await GrpcClients.Jobs(coordinator.Channel).ListAsync(new ListJobsRequest(), CoordinatorServer.Call(token)).ResponseAsync).Jobs.Select(job => job.JobId)];
}
