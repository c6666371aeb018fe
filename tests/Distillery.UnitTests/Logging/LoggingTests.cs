using System.Text.Json;
using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Distillery.UnitTests.Logging;

public sealed class LoggingTests
{
    private static string LogThrough(string format, Action<ILogger> write, params string[] settings)
    {
        var output = new StringWriter();
        var builder = Host.CreateApplicationBuilder(["--Distillery:Logging:Format=" + format, .. settings]);
        builder.AddServiceDefaults("labeling", output);
        using (var host = builder.Build())
        {
            write(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Distillery.Labeling.BatchConsumer"));
        }

        return output.ToString();
    }

    [Fact]
    public void Json_format_writes_one_object_per_line_with_the_service_and_properties()
    {
        var text = LogThrough("Json", logger => logger.LogInformation("Labelled batch {BatchId}", 42));

        var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Labelled batch 42", json.RootElement.GetProperty("RenderedMessage").GetString());
        var properties = json.RootElement.GetProperty("Properties");
        Assert.Equal(42, properties.GetProperty("BatchId").GetInt32());
        Assert.Equal("labeling", properties.GetProperty("service").GetString());
    }

    [Fact]
    public void Text_format_writes_a_readable_line()
    {
        var text = LogThrough("Text", logger => logger.LogWarning("Teacher slow on batch {BatchId}", 7));

        Assert.Matches(@"^\[\d\d:\d\d:\d\d WRN\] Distillery\.Labeling\.BatchConsumer: Teacher slow on batch 7", text);
    }

    [Fact]
    public void Serilogs_minimum_level_from_configuration_filters_events()
    {
        var text = LogThrough("Text", logger =>
        {
            logger.LogInformation("routine");
            logger.LogError("broken");
        }, "--Serilog:MinimumLevel:Default=Warning");

        Assert.DoesNotContain("routine", text, StringComparison.Ordinal);
        Assert.Contains("broken", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_by_source_prefix_wins_over_the_default_level()
    {
        var text = LogThrough("Text", logger => logger.LogDebug("details"),
            "--Serilog:MinimumLevel:Default=Warning", "--Serilog:MinimumLevel:Override:Distillery.Labeling=Debug");

        Assert.Contains("details", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_Serilog_level_names_the_section()
    {
        var builder = Host.CreateApplicationBuilder(["--Serilog:MinimumLevel:Default=Loud"]);

        var error = Assert.Throws<InvalidConfigurationException>(() => builder.AddServiceDefaults("labeling", TextWriter.Null));

        Assert.StartsWith("Serilog:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Loud", error.Message, StringComparison.Ordinal);
    }
}
