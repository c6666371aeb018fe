using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Distillery.Grpc.Server;

/// <summary>
/// One trace span per call served, from the activity source <c>Distillery.Grpc</c>, continuing
/// the caller's trace: its parent is ASP.NET Core's request activity when one runs (it already
/// continues the W3C <c>traceparent</c>), else the <c>traceparent</c>/<c>tracestate</c> metadata
/// itself. Nothing is created unless a listener (OpenTelemetry) samples the source.
/// </summary>
internal static class GrpcServerActivity
{
    public const string SourceName = "Distillery.Grpc";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(ServerCallContext context)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var method = context.Method.TrimStart('/');
        var slash = method.IndexOf('/', StringComparison.Ordinal);
        var parent = Activity.Current?.Context ?? Remote(context.GetHttpContext().Request.Headers);
        var activity = Source.StartActivity(method, ActivityKind.Server, parent);
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", slash < 0 ? method : method[..slash]);
        activity?.SetTag("rpc.method", slash < 0 ? method : method[(slash + 1)..]);
        return activity;
    }

    public static void Stop(Activity? activity, StatusCode status)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.grpc.status_code", (int)status);
        if (status != StatusCode.OK)
        {
            activity.SetStatus(ActivityStatusCode.Error, status.ToString());
        }
    }

    private static ActivityContext Remote(IHeaderDictionary headers) =>
        ActivityContext.TryParse(headers.TraceParent, headers.TraceState, isRemote: true, out var context) ? context : default;
}
