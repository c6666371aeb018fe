using System.Diagnostics;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// Carries trace context across the outbox: the message is published later, by another
/// thread, where the activity that queued it is long gone. The queuing activity's traceparent is
/// stored with the row, and the publish runs under a span that continues it, so MassTransit's
/// send span (and, through its headers, the consumer's) join the job's trace.
/// </summary>
internal static class OutboxTrace
{
    public const string SourceName = "Distillery.Coordinator.Outbox";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current activity's W3C traceparent, or null when nothing is traced.</summary>
    public static string? Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>A span for publishing one outbox message, in the trace that queued it when there is one.</summary>
    public static Activity? StartPublish(string messageType, string? traceParent)
    {
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
        var activity = Source.StartActivity("outbox publish " + messageType, ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.type", messageType);
        return activity;
    }
}
