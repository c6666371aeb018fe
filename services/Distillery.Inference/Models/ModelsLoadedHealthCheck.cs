using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Distillery.Inference.Models;

/// <summary>Readiness: healthy once every configured model is loaded; until then it names those still loading, or the one that failed.</summary>
internal sealed class ModelsLoadedHealthCheck(ModelRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var models = registry.Models;
        if (models.FirstOrDefault(model => model.Failure is not null) is { } failed)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"model '{failed.Options.Name}' failed to load: {failed.Failure!.Message}"));
        }

        var loading = models.Where(model => !model.IsLoaded).Select(model => model.Options.Name).ToList();
        return Task.FromResult(loading.Count == 0
            ? HealthCheckResult.Healthy($"{models.Count} model(s) loaded")
            : HealthCheckResult.Unhealthy($"loading {string.Join(", ", loading)}"));
    }
}
