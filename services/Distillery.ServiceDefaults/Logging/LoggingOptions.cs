using Serilog.Events;

namespace Distillery.ServiceDefaults.Logging;

/// <summary>
/// <c>Distillery:Logging</c>. Document texts are never logged whatever the level: research
/// data can be sensitive, so log ids instead.
/// </summary>
public sealed class LoggingOptions
{
    public const string Section = "Distillery:Logging";

    public LogFormat Format { get; set; } = LogFormat.Auto;

    /// <summary>The minimum level for everything not named in <see cref="Overrides"/>.</summary>
    public LogEventLevel Level { get; set; } = LogEventLevel.Information;

    /// <summary>Minimum levels by logger-name prefix, e.g. <c>Microsoft.AspNetCore: Warning</c>.</summary>
    public Dictionary<string, LogEventLevel> Overrides { get; } = new(StringComparer.Ordinal)
    {
        ["Microsoft.AspNetCore"] = LogEventLevel.Warning,
        ["Microsoft.Hosting.Lifetime"] = LogEventLevel.Information,
        ["MassTransit"] = LogEventLevel.Information,
    };
}
