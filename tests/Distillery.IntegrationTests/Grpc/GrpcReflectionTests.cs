using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Server reflection: what grpcurl-style tools need to list our services and call them without their .proto files.</summary>
public sealed class GrpcReflectionTests
{
    private static readonly string[] Served =
    [
        "distillery.test.v1.Interop",
        "distillery.v1.Students",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    ];

    [GrpcJsFact]
    public async Task A_grpc_js_client_lists_our_services_and_calls_one_with_the_descriptors_reflection_gave_it()
    {
        await using var server = await InteropServer.StartAsync();

        var results = await NodeScript.RunAsync("reflection.js", new JsonObject
        {
            ["target"] = server.Target,
            ["symbol"] = "distillery.v1.Students",
            ["call"] = new JsonObject
            {
                ["service"] = "distillery.v1.Students",
                ["method"] = "Predict",
                ["request"] = new JsonObject { ["texts"] = new JsonArray(new JsonObject { ["id"] = "d1", ["text"] = "a text of some length" }) },
            },
        });

        foreach (var version in new[] { "v1alpha", "v1" })
        {
            var answers = results[version]!;
            Assert.Equal(Served, answers["services"]!.AsArray().Select(name => name!.GetValue<string>()).Order(StringComparer.Ordinal));
            Assert.Equal(["distillery/v1/students.proto", "distillery/v1/common.proto"], answers["symbolFiles"]!.AsArray().Select(name => name!.GetValue<string>()));
            Assert.Equal(["distillery/v1/common.proto"], answers["byName"]!.AsArray().Select(name => name!.GetValue<string>()));
            Assert.Equal(5, answers["unknown"]!["errorCode"]!.GetValue<int>());
        }

        // Field names as the reflected descriptors spell them.
        var label = results["call"]!["labels"]![0]!;
        Assert.Equal(("d1", "long"), (label["document_id"]!.GetValue<string>(), label["label"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Methods_nested_types_and_file_names_are_found_with_their_imports_and_unknown_ones_are_not()
    {
        await using var server = await InteropServer.StartAsync();
        using var channel = GrpcClients.Channel(server.Address);
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        async Task<ServerReflectionResponse> Ask(ServerReflectionRequest request)
        {
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            return call.ResponseStream.Current;
        }

        static string[] Files(ServerReflectionResponse response) =>
            [.. response.FileDescriptorResponse.FileDescriptorProto.Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes).Name)];

        var method = await Ask(new ServerReflectionRequest { FileContainingSymbol = "distillery.v1.Students.PredictStream" });
        var nested = await Ask(new ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.HealthCheckResponse.ServingStatus" });
        var byName = await Ask(new ServerReflectionRequest { FileByFilename = "distillery/v1/common.proto", Host = "h" });
        var unknown = await Ask(new ServerReflectionRequest { FileByFilename = "distillery/v1/nothing.proto" });
        await call.RequestStream.CompleteAsync();

        Assert.Equal(["distillery/v1/students.proto", "distillery/v1/common.proto"], Files(method));
        var students = FileDescriptorProto.Parser.ParseFrom(method.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal(["Predict", "PredictStream"], students.Service.Single().Method.Select(m => m.Name));
        // Grpc.HealthCheck's descriptor names its file as it was compiled: health.proto.
        Assert.Equal(["health.proto"], Files(nested));
        Assert.Equal(["distillery/v1/common.proto"], Files(byName));
        Assert.Equal((int)StatusCode.NotFound, unknown.ErrorResponse.ErrorCode);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }
}
