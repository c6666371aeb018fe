namespace Distillery.ServiceDefaults.Logging;

/// <summary>
/// <c>Distillery:Logging</c>: where log events go. Levels are Serilog's own settings
/// (<c>Serilog:MinimumLevel:Default</c>, <c>Serilog:MinimumLevel:Override:&lt;prefix&gt;</c>).
/// Document texts are never logged whatever the level: research data can be sensitive, so
/// log ids instead.
/// </summary>
public sealed class LoggingOptions
{
    public const string Section = "Distillery:Logging";

    public LogFormat Format { get; set; } = LogFormat.Auto;
}
