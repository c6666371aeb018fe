using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc.Server;
using Distillery.Inference.Configuration;
using Distillery.Inference.Grpc;
using Distillery.Inference.Models;
using Distillery.Inference.OpenAi;
using Distillery.Inference.Telemetry;
using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Health;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Distillery.Inference;

/// <summary>
/// The Inference service. Owns GGUF models on llama.cpp (CPU or CUDA): one engine per model with
/// sequence slots, continuous batching and a prompt-prefix cache. Serves the gRPC
/// <c>distillery.v1.Inference</c> API (Classify with SCORE or GENERATE, Generate, Embed,
/// ListModels) and an OpenAI-compatible HTTP API (<c>/v1/models</c>, <c>/v1/chat/completions</c>).
/// Consumes and publishes no messages. Meter <c>Distillery.Inference</c>.
/// </summary>
public static class InferenceServiceExtensions
{
    /// <summary>
    /// Registers the models of <c>Distillery:Inference</c> (validated now: a missing model file
    /// stops the host naming it), their loading at start-up with a readiness check, and the gRPC
    /// server pieces.
    /// </summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        builder.Configuration.GetValidated<InferenceOptions>(InferenceOptions.Section);
        var services = builder.Services;
        services.AddValidatedOptions<InferenceOptions>(InferenceOptions.Section);
        services.AddDistilleryGrpc();
        services.AddSingleton<InferenceTelemetry>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<InferenceGrpcService>();
        services.AddHostedService<ModelLoader>();
        services.AddHealthChecks().AddCheck<ModelsLoadedHealthCheck>("models", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>Maps the gRPC Inference and health services, and the OpenAI-compatible endpoint unless it is turned off.</summary>
    public static IEndpointRouteBuilder MapInference(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapDistilleryGrpcService<InferenceGrpcService>();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<InferenceOptions>>().Value.OpenAiEndpoint)
        {
            endpoints.MapOpenAiEndpoints();
        }

        return endpoints;
    }
}
