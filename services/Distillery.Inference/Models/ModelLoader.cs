using System.Diagnostics;
using Distillery.Inference.Configuration;
using Distillery.Inference.Engine;
using Distillery.Inference.Telemetry;
using Distillery.Llama;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Distillery.Inference.Models;

/// <summary>
/// Loads the configured models when the host starts, one after another, in the background: the
/// host serves its health endpoints meanwhile, and readiness stays false until all are loaded. A
/// model that cannot be loaded stops the host (its path and llama.cpp's reason are logged, and
/// readiness says it), since a replica without its model is of no use. Missing files never get
/// this far: configuration validation refuses them at start-up.
/// </summary>
internal sealed class ModelLoader(
    ModelRegistry registry,
    IOptions<InferenceOptions> options,
    InferenceTelemetry telemetry,
    IConfiguration configuration,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger = loggers.CreateLogger<ModelLoader>();
    private Task _loading = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loading = Task.Run(LoadAll, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loading.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private void LoadAll()
    {
        foreach (var model in options.Value.Models)
        {
            var clock = Stopwatch.StartNew();
            var file = options.Value.FileOf(model);
            try
            {
                LlamaBackend.Initialize(LlamaNativeOptions.FromConfiguration(configuration), loggers);
                if (model.Synthetic is { } synthetic && !File.Exists(file))
                {
                    _logger.LogWarning("Writing the synthetic {Shape} model {Model} to {Path}: its answers mean nothing", synthetic, model.Name, file);
                    SyntheticModelFile.Write(file, synthetic);
                }

                _logger.LogInformation("Loading model {Model} from {Path}", model.Name, file);
                var llama = LlamaModel.Load(file, new LlamaModelOptions { GpuLayerCount = model.GpuLayers }, cancellationToken: _stopping.Token);
                registry.Loaded(new ModelEngine(model, llama, telemetry, loggers.CreateLogger<ModelEngine>()));
                _logger.LogInformation(
                    "Model {Model} loaded in {Seconds:0.0} s: {Description}, {Slots} slots of {Context} tokens",
                    model.Name, clock.Elapsed.TotalSeconds, llama.Description, model.ParallelSequences, model.ContextLength);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                registry.Failed(model.Name, e);
                _logger.LogCritical(e, "Model {Model} could not be loaded from {Path}; stopping the service", model.Name, file);
                lifetime.StopApplication();
                return;
            }
        }
    }
}
