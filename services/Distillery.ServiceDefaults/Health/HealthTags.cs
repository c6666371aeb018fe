namespace Distillery.ServiceDefaults.Health;

/// <summary>Which probe a health check belongs to.</summary>
public static class HealthTags
{
    /// <summary>The process is alive; Kubernetes restarts it when this fails.</summary>
    public const string Live = "live";

    /// <summary>The process can do its work (bus connected, database reachable, models loaded).</summary>
    public const string Ready = "ready";
}
