using System.Net;
using System.Text.Json;
using Distillery.Inference.Configuration;
using Distillery.Inference.Engine;
using Distillery.Inference.Models;
using Distillery.Inference.Telemetry;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Llama;
using Distillery.IntegrationTests.Processes;
using Distillery.Llama;
using Distillery.ServiceDefaults.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Distillery.IntegrationTests.Inference;

/// <summary>Models come from configuration and are loaded at start-up; the service is ready only once they are.</summary>
[Collection(SharedLlama.Name)]
public sealed class StartupTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task A_missing_model_file_stops_start_up_naming_the_key_and_the_path()
    {
        var missing = Path.Combine(fixture.Folder, "missing", "mistral.gguf");
        await using var host = ServiceProcess.Start("Distillery.Inference.Host", "distillery-inference",
        [
            "--Distillery:Inference:Models:0:Name=mistral",
            $"--Distillery:Inference:Models:0:Path={missing}",
            "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
            "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
        ]);

        var exited = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exited, host.Output);
        Assert.Equal(DistilleryHost.ConfigurationErrorExitCode, host.ExitCode);
        Assert.Contains("Distillery:Inference:Models:0:Path", host.Output, StringComparison.Ordinal);
        Assert.Contains($"model file '{missing}' does not exist", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_synthetic_model_is_written_where_its_file_is_missing_and_served()
    {
        var path = Path.Combine(fixture.Folder, $"synthetic-{Guid.NewGuid():N}.gguf");

        await using var server = await InferenceServer.StartAsync(fixture, $"--Distillery:Inference:Models:0:Path={path}", "--Distillery:Inference:Models:0:Synthetic=Tiny");
        var models = await GrpcClients.Inference(server.Channel).ListModelsAsync(new Contracts.Grpc.V1.ListModelsRequest()).ResponseAsync;

        Assert.True(File.Exists(path));
        Assert.Equal(new FileInfo(fixture.ModelPath).Length, new FileInfo(path).Length);
        Assert.Equal(InferenceServer.Model, Assert.Single(models.Models).Name);
        // Callers never see the server's filesystem.
        Assert.DoesNotContain(fixture.Folder, models.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(fixture.Folder, "*.partial"));
    }

    [Fact]
    public async Task Readiness_is_false_until_every_model_is_loaded_then_true()
    {
        var options = new InferenceOptions();
        options.Models.Add(new ModelOptions { Name = InferenceServer.Model, Path = fixture.ModelPath, ContextLength = 512, ParallelSequences = 1, Threads = 1 });
        using var registry = new ModelRegistry(Options.Create(options));
        using var telemetry = new InferenceTelemetry();
        var check = new ModelsLoadedHealthCheck(registry);

        var loading = await check.CheckHealthAsync(new HealthCheckContext());
        registry.Loaded(new ModelEngine(options.Models[0], LlamaModel.Load(fixture.ModelPath), telemetry, NullLogger.Instance));
        var loaded = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, loading.Status);
        Assert.Equal($"loading {InferenceServer.Model}", loading.Description);
        Assert.Equal(HealthStatus.Healthy, loaded.Status);
    }

    [Fact]
    public async Task The_served_host_is_ready_and_lists_its_model()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        using var http = new HttpClient { BaseAddress = server.HttpAddress };

        using var ready = await http.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        var models = await GrpcClients.Inference(server.Channel).ListModelsAsync(new Contracts.Grpc.V1.ListModelsRequest()).ResponseAsync;

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("models").GetProperty("status").GetString());
        var model = Assert.Single(models.Models);
        Assert.Equal(InferenceServer.Model, model.Name);
        Assert.DoesNotContain(Path.GetDirectoryName(fixture.ModelPath)!, models.ToString(), StringComparison.Ordinal);
        Assert.True(model.Loaded);
        Assert.Equal(2048, model.ContextLength);
        Assert.Equal(8, model.ParallelSequences);
        Assert.Equal(fixture.Model.EmbeddingOutputSize, model.EmbeddingSize);
    }
}
