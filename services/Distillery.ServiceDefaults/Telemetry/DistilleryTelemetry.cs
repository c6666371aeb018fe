namespace Distillery.ServiceDefaults.Telemetry;

/// <summary>
/// The meters and activity sources every host exports. Distillery's own are named
/// <c>Distillery.&lt;Service&gt;</c> and their instruments <c>distillery_&lt;what&gt;</c>.
/// </summary>
public static class DistilleryTelemetry
{
    /// <summary>Prefix of every meter and activity source Distillery creates.</summary>
    public const string SourcePrefix = "Distillery.";

    /// <summary>Prefix of every instrument name, so dashboards can select ours at a glance.</summary>
    public const string InstrumentPrefix = "distillery_";

    internal static readonly string[] MeterNames =
    [
        SourcePrefix + "*",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "MassTransit",
        "Npgsql",
    ];

    internal static readonly string[] ActivitySourceNames =
    [
        SourcePrefix + "*",
        "Microsoft.AspNetCore",
        "System.Net.Http",
        "MassTransit",
        "Npgsql",
    ];
}
