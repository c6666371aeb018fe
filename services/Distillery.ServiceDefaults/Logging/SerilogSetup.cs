using Distillery.ServiceDefaults.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace Distillery.ServiceDefaults.Logging;

/// <summary>Serilog behind Microsoft.Extensions.Logging, so services log through plain <see cref="ILogger"/>.</summary>
internal static class SerilogSetup
{
    private const string TextTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static void AddDistilleryLogging(this IHostApplicationBuilder builder, string serviceName, TextWriter? output = null)
    {
        var options = builder.Configuration.GetValidated<LoggingOptions>(LoggingOptions.Section);
        var json = options.Format == LogFormat.Json || (options.Format == LogFormat.Auto && Console.IsOutputRedirected);

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(options.Level)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("service", serviceName);
        foreach (var (prefix, level) in options.Overrides)
        {
            configuration.MinimumLevel.Override(prefix, level);
        }

        var culture = System.Globalization.CultureInfo.InvariantCulture;
        configuration = (json, output) switch
        {
            (true, null) => configuration.WriteTo.Console(new JsonFormatter(renderMessage: true)),
            (false, null) => configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: culture),
            (true, _) => configuration.WriteTo.Sink(new TextWriterSink(new JsonFormatter(renderMessage: true), output)),
            (false, _) => configuration.WriteTo.Sink(new TextWriterSink(new MessageTemplateTextFormatter(TextTemplate, culture), output)),
        };

        builder.Logging.ClearProviders();
        // Serilog decides levels; let every event through Microsoft's filter to reach it.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
    }
}
