using Distillery.ServiceDefaults.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace Distillery.ServiceDefaults.Logging;

/// <summary>
/// Serilog behind Microsoft.Extensions.Logging, so services log through plain ILogger. Levels
/// come from the <c>Serilog</c> section (Serilog.Settings.Configuration); the sink is ours to
/// choose from <see cref="LoggingOptions.Format"/>, because stdout is the only place a
/// container's logs go.
/// </summary>
internal static class SerilogSetup
{
    public const string Section = "Serilog";

    private const string TextTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static void AddDistilleryLogging(this IHostApplicationBuilder builder, string serviceName, TextWriter? output = null)
    {
        var options = builder.Configuration.GetValidated<LoggingOptions>(LoggingOptions.Section);
        var json = options.Format == LogFormat.Json || (options.Format == LogFormat.Auto && Console.IsOutputRedirected);

        // Defaults a configuration may override key by key: the framework's per-request chatter is
        // replaced by one request log line (RequestLogging).
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("MassTransit", LogEventLevel.Information);
        try
        {
            configuration.ReadFrom.Configuration(builder.Configuration);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
        {
            throw new InvalidConfigurationException($"{Section}: {e.Message}", e);
        }

        configuration.Enrich.FromLogContext().Enrich.WithProperty("service", serviceName);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        configuration = (json, output) switch
        {
            (true, null) => configuration.WriteTo.Console(new JsonFormatter(renderMessage: true)),
            (false, null) => configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: culture),
            (true, _) => configuration.WriteTo.Sink(new TextWriterSink(new JsonFormatter(renderMessage: true), output)),
            (false, _) => configuration.WriteTo.Sink(new TextWriterSink(new MessageTemplateTextFormatter(TextTemplate, culture), output)),
        };

        // Serilog.Extensions.Hosting's registration: Serilog becomes the ILoggerFactory, and the
        // DiagnosticContext that request logging enriches is registered with it. The logger itself
        // is registered too: request logging would otherwise write to the static Log.Logger,
        // which a process hosting several services (local mode, tests) cannot share.
        var logger = configuration.CreateLogger();
        builder.Services.AddSingleton<ILogger>(logger);
        builder.Services.AddSerilog(logger, dispose: true);
    }
}
