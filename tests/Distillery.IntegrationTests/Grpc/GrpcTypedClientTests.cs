using System.Reflection;
using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc;
using Distillery.Grpc.Client;
using Distillery.Grpc.Clients;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>The typed clients of Distillery's services: complete against their .proto files, registered with one shared connection pool, calling our server and grpc-js's.</summary>
public sealed class GrpcTypedClientTests
{
    private static readonly PredictRequest Batch = new() { Texts = { new TextItem { Id = "a", Text = "short" }, new TextItem { Id = "b", Text = "a rather longer text" } } };

    public static TheoryData<Type, ServiceDescriptor> Clients => new()
    {
        { typeof(JobsClient), JobsClient.Descriptor },
        { typeof(InferenceClient), InferenceClient.Descriptor },
        { typeof(StudentsClient), StudentsClient.Descriptor },
        { typeof(HealthClient), HealthClient.Descriptor },
    };

    [Theory]
    [MemberData(nameof(Clients))]
    public void Every_method_the_proto_declares_has_a_typed_method_of_its_shape(Type client, ServiceDescriptor service)
    {
        foreach (var method in service.Methods)
        {
            var request = method.IsClientStreaming ? typeof(IAsyncEnumerable<>).MakeGenericType(method.InputType.ClrType) : method.InputType.ClrType;
            var returns = method.IsServerStreaming ? typeof(IAsyncEnumerable<>).MakeGenericType(method.OutputType.ClrType) : typeof(Task<>).MakeGenericType(method.OutputType.ClrType);

            var typed = client.GetMethod(method.Name + "Async", BindingFlags.Public | BindingFlags.Instance, [request, typeof(CallOptions)]);

            Assert.True(typed is not null && typed.ReturnType == returns, $"{client.Name} lacks {returns.Name} {method.Name}Async({request.Name}, CallOptions?) for /{service.FullName}/{method.Name}");
        }

        var declared = service.Methods.Select(method => method.Name + "Async").ToHashSet(StringComparer.Ordinal);
        Assert.All(client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly), method => Assert.Contains(method.Name, declared));
    }

    [Fact]
    public async Task Clients_registered_with_AddGrpcClient_share_one_connection_pool_and_call_our_server()
    {
        await using var server = await InteropServer.StartAsync();
        var services = new ServiceCollection()
            .AddGrpcClient<StudentsClient>("students", server.Address, options => options.MaxRetries = 1)
            .AddGrpcClient<HealthClient>("health", server.Address);
        await using var provider = services.BuildServiceProvider();

        var students = provider.GetRequiredService<StudentsClient>();
        var health = provider.GetRequiredService<HealthClient>();
        var handlers = new[] { "students", "health" }.Select(name => provider.GetRequiredKeyedService<GrpcChannel>(name).Handler).Distinct().ToList();
        var prediction = await students.PredictAsync(Batch);
        var status = await health.CheckAsync(new HealthCheckRequest { Service = StudentsClient.Descriptor.FullName });

        var handler = Assert.IsType<SocketsHttpHandler>(Assert.Single(handlers));
        Assert.True(handler.EnableMultipleHttp2Connections);
        Assert.Equal(new GrpcChannelOptions().KeepAlivePingDelay, handler.KeepAlivePingDelay);
        Assert.Same(students, provider.GetRequiredKeyedService<StudentsClient>("students"));
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
            var students = new StudentsClient(channel);

            var single = await students.PredictAsync(Batch);
            var streamed = new List<string>();
            await foreach (var response in students.PredictStreamAsync(Batches(Batch, Batch)))
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
        using var channel = new GrpcChannel(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => new StudentsClient(channel).PredictAsync(new PredictRequest { ModelId = "m" }));

        Assert.Equal((StatusCode.InvalidArgument, "field 'texts': must not be empty"), (error.Status, error.Message));
        Assert.Equal("texts", Assert.Single(error.FieldViolations).Field);
    }

    [Fact]
    public void A_call_the_descriptor_does_not_declare_fails_naming_it()
    {
        using var channel = new GrpcChannel(new Uri("http://127.0.0.1:1"));

        // Thrown by the call itself, before anything is sent.
        var error = Assert.Throws<InvalidOperationException>(() => { _ = new Misnamed(channel).Call(); });

        Assert.Equal("distillery.v1.Students declares no method Predicts (in distillery/v1/students.proto)", error.Message);
    }

    private static async IAsyncEnumerable<PredictRequest> Batches(params PredictRequest[] batches)
    {
        foreach (var batch in batches)
        {
            await Task.Yield();
            yield return batch;
        }
    }

    private sealed class Misnamed(GrpcChannel channel) : GrpcClient(channel, StudentsClient.Descriptor)
    {
        public Task<PredictResponse> Call() => UnaryAsync<PredictRequest, PredictResponse>("Predicts", Batch, null);
    }
}
