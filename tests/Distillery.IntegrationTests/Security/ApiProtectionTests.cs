using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Inference;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Llama;
using Distillery.ServiceDefaults.Hosting;
using Distillery.Training;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenAI;
using OpenAI.Chat;

namespace Distillery.IntegrationTests.Security;

/// <summary>
/// The APIs other pods call answer only a configured principal: Inference over gRPC and over its
/// OpenAI-compatible HTTP API (the key in <c>Authorization: Bearer</c>, as OpenAI's clients send
/// it), and the Training service's Students API. Health stays open for the probes.
/// </summary>
[Collection(SharedLlama.Name)]
public sealed class ApiProtectionTests(TinyModelFixture fixture)
{
    private const string LabelingToken = "labeling-token";

    [Fact]
    public async Task Inference_answers_a_principal_over_grpc_and_http_and_nobody_else()
    {
        await using var server = await InferenceServer.StartAsync(
            fixture, [TestPrincipals.Protect("distillery.v1.Inference"), .. TestPrincipals.Principal(0, "labeling", LabelingToken)]);
        var classify = TestCodebooks.Request(TestCodebooks.SpamHam(), ["WIN now"]);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Inference(server.Channel).ClassifyAsync(classify).ResponseAsync);
        var listed = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Inference(server.Channel).ListModelsAsync(new ListModelsRequest()).ResponseAsync);
        var labelled = await GrpcClients.Inference(server.Channel).ClassifyAsync(classify, GrpcClients.Options(TimeSpan.FromMinutes(1), TestPrincipals.Bearer(LabelingToken))).ResponseAsync;
        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (anonymous.StatusCode, listed.StatusCode));
        Assert.Single(labelled.Labels);

        using var http = new HttpClient { BaseAddress = server.HttpAddress };
        using var noKey = await http.PostAsync("/v1/chat/completions", new StringContent("""{"model": "tiny", "messages": [{"role": "user", "content": "hi"}]}"""));
        var error = JsonNode.Parse(await noKey.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("invalid_api_key", error["code"]!.GetValue<string>());
        using var models = await http.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        using var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // OpenAI's own SDK, as the openai teacher calls it: the key is the principal's token.
        var options = new OpenAIClientOptions { Endpoint = new Uri(server.HttpAddress, "/v1") };
        var wrong = await Assert.ThrowsAsync<ClientResultException>(() => new ChatClient(InferenceServer.Model, new ApiKeyCredential("guess"), options).CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, wrong.Status);
        ChatCompletion answered = await new ChatClient(InferenceServer.Model, new ApiKeyCredential(LabelingToken), options)
            .CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.True(answered.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task Students_answers_a_principal_and_nobody_else()
    {
        using var folder = new TempDirectory();
        var builder = WebApplication.CreateBuilder(
        [
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Distillery:Training:ModelFolder={folder.Path}",
            TestPrincipals.Protect("distillery.v1.Students"),
            .. TestPrincipals.Principal(0, "evaluation", "evaluation-token"),
        ]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.AddServiceDefaults("students-test");
        builder.AddTraining();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapTrainingGrpc();
        await app.StartAsync();
        using var channel = GrpcClients.Channel(new Uri(app.Urls.First()));
        var request = new PredictRequest { ModelId = Guid.NewGuid().ToString() };
        request.Texts.Add(new TextItem { Id = "1", Text = "a text" });

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Students(channel).PredictAsync(request).ResponseAsync);
        var known = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Students(channel).PredictAsync(request, GrpcClients.Options(TimeSpan.FromMinutes(1), TestPrincipals.Bearer("evaluation-token"))).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        // Past the token: the model is looked for, and there is none of that id.
        Assert.Equal(StatusCode.NotFound, known.StatusCode);
        await app.StopAsync();
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("distillery-students-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
