using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc;
using Distillery.Grpc.Client;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>The clients Grpc.Tools generates, as Distillery's services call each other: registered with Grpc.Net.ClientFactory, on our server and grpc-js's.</summary>
public sealed class GrpcGeneratedClientTests
{
    private static readonly PredictRequest Batch = new() { Texts = { new TextItem { Id = "a", Text = "short" }, new TextItem { Id = "b", Text = "a rather longer text" } } };

    [Fact]
    public async Task Clients_registered_with_the_client_factory_call_our_server_with_the_token()
    {
        await using var server = await InteropServer.StartAsync(
            [.. Infrastructure.TestPrincipals.Principal(0, "evaluation", "s3cret"), Infrastructure.TestPrincipals.Protect("distillery.v1.Students")]);
        var services = new ServiceCollection();
        services.AddDistilleryGrpcClient<Students.StudentsClient>(_ => server.Address, (_, channel) => channel.BearerToken = "s3cret");
        services.AddDistilleryGrpcClient<global::Grpc.Health.V1.Health.HealthClient>(_ => server.Address);
        await using var provider = services.BuildServiceProvider();

        var prediction = await provider.GetRequiredService<Students.StudentsClient>().PredictAsync(Batch);
        var status = await provider.GetRequiredService<global::Grpc.Health.V1.Health.HealthClient>().CheckAsync(new HealthCheckRequest { Service = Students.Descriptor.FullName });

        Assert.Equal(["short", "long"], prediction.Labels.Select(label => label.Label_));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
    }

    [GrpcPeersTheory]
    [InlineData(Peers.Ours)]
    [InlineData(Peers.GrpcJs)]
    public async Task The_students_client_predicts_one_batch_and_a_stream_of_them(string peer)
    {
        await Peers.Against(peer, async channel =>
        {
            var students = GrpcClients.Students(channel);

            var single = await students.PredictAsync(Batch);
            var streamed = new List<string>();
            await foreach (var response in students.PredictStream().Exchange(Batches(Batch, Batch)))
            {
                streamed.AddRange(response.Labels.Select(label => $"{label.DocumentId}={label.Label_}"));
            }

            Assert.Equal(["short", "long"], single.LabelNames);
            Assert.Equal([(1.0, 0.0), (0.0, 1.0)], single.Labels.Select(label => (label.Probabilities[0], label.Probabilities[1])));
            Assert.Equal(["a=short", "b=long", "a=short", "b=long"], streamed);
        });
    }

    [Fact]
    public async Task An_invalid_request_names_its_field()
    {
        await using var server = await InteropServer.StartAsync();
        using var channel = GrpcClients.Channel(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Students(channel).PredictAsync(new PredictRequest { ModelId = "m" }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "field 'texts': must not be empty"), (error.StatusCode, error.Status.Detail));
        Assert.Equal("texts", Assert.Single(InvalidArgument.Violations(error)).Field);
    }

    private static async IAsyncEnumerable<PredictRequest> Batches(params PredictRequest[] batches)
    {
        foreach (var batch in batches)
        {
            await Task.Yield();
            yield return batch;
        }
    }
}
