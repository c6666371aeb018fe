namespace Distillery.ServiceDefaults.Telemetry;

/// <summary>
/// The meters and activity sources every host exports beyond what the instrumentation packages
/// subscribe to themselves. Distillery's own are named <c>Distillery.&lt;Service&gt;</c> and
/// their instruments <c>distillery_&lt;what&gt;</c>; MassTransit ships its own instrumentation
/// as a plain meter and activity source, named <c>MassTransit</c>.
/// </summary>
public static class DistilleryTelemetry
{
    /// <summary>Prefix of every meter and activity source Distillery creates.</summary>
    public const string SourcePrefix = "Distillery.";

    /// <summary>Prefix of every instrument name, so dashboards can select ours at a glance.</summary>
    public const string InstrumentPrefix = "distillery_";

    internal static readonly string[] MeterNames = [SourcePrefix + "*", "MassTransit"];

    internal static readonly string[] ActivitySourceNames = [SourcePrefix + "*", "MassTransit"];

    /// <summary>
    /// The meters the instrumentation packages a host adds subscribe to (ASP.NET Core, HttpClient,
    /// runtime, Npgsql), as they document them: the dashboard tests use this list to know which
    /// library instruments reach Prometheus.
    /// </summary>
    internal static readonly string[] InstrumentationMeterNames =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Npgsql",
    ];
}
