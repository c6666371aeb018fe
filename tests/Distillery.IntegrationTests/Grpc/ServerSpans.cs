using System.Collections.Concurrent;
using System.Diagnostics;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Records the spans our gRPC server ends (activity source <c>Distillery.Grpc</c>), as an OpenTelemetry tracer would receive them.</summary>
internal sealed class ServerSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public ServerSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Distillery.Grpc",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The one span of <paramref name="trace"/> (other tests may run calls of their own meanwhile).</summary>
    public Activity In(ActivityTraceId trace) => Assert.Single(_stopped, span => span.TraceId == trace);

    public void Dispose() => _listener.Dispose();
}
