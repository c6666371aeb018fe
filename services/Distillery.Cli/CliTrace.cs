using System.Diagnostics;

namespace Distillery.Cli;

/// <summary>
/// One trace per command: every gRPC call the command makes carries it (HttpClient sends the
/// current activity's <c>traceparent</c>), so a job's spans in the Coordinator and, through the
/// messages, in every worker share the trace id of the <c>distillery submit</c> that started it.
/// A caller with a trace of its own (a script, a CI step) passes it in <c>TRACEPARENT</c>, the
/// environment-variable carrier OpenTelemetry specifies, and the command joins that trace.
/// </summary>
internal static class CliTrace
{
    public const string Variable = "TRACEPARENT";

    public static Activity Start(string[] args)
    {
        var activity = new Activity("distillery " + (args.FirstOrDefault() ?? string.Empty));
        activity.SetIdFormat(ActivityIdFormat.W3C);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } parent &&
            ActivityContext.TryParse(parent, Environment.GetEnvironmentVariable("TRACESTATE"), out var context))
        {
            activity.SetParentId(context.TraceId, context.SpanId, context.TraceFlags);
        }
        else
        {
            // Recorded: the services sample what their caller recorded (parent-based sampling).
            activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        }

        return activity.Start();
    }
}
