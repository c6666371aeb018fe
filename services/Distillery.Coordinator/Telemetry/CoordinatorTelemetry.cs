using System.Diagnostics.Metrics;

namespace Distillery.Coordinator.Telemetry;

/// <summary>
/// The Coordinator's meter (exported by the service defaults, which subscribe to <c>Distillery.*</c>):
/// <c>distillery_tasks</c>, the tasks of all jobs in each state, as last counted by <see cref="TaskCountRefresher"/>.
/// Every replica counts the same table, so dashboards take the max over replicas, not the sum.
/// </summary>
public sealed class CoordinatorTelemetry : IDisposable
{
    public const string Name = "Distillery.Coordinator";

    private readonly Meter _meter = new(Name);
    private volatile IReadOnlyDictionary<string, long>? _tasksByState;

    public CoordinatorTelemetry()
    {
        _meter.CreateObservableGauge<long>("distillery_tasks", ObserveTasks, "{task}", "Tasks of all jobs in each state (state), as last counted in PostgreSQL");
    }

    /// <summary>The counts the gauge reports, by state; null: none (the last count failed).</summary>
    public IReadOnlyDictionary<string, long>? TasksByState => _tasksByState;

    /// <summary>Replaces the counts the gauge reports; null reports nothing rather than stale counts.</summary>
    public void SetTaskCounts(IReadOnlyDictionary<string, long>? countsByState) => _tasksByState = countsByState;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveTasks()
    {
        var counts = _tasksByState;
        return counts is null
            ? []
            : counts.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("state", pair.Key))).ToList();
    }
}
