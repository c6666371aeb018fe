using System.Text.Json;
using Distillery.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Distillery.UnitTests.Logging;

public sealed class LoggingTests
{
    private static string LogThrough(string format, string level, Action<ILogger> write)
    {
        var output = new StringWriter();
        var builder = Host.CreateApplicationBuilder(["--Distillery:Logging:Format=" + format, "--Distillery:Logging:Level=" + level]);
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
        var text = LogThrough("Json", "Information", logger => logger.LogInformation("Labelled batch {BatchId}", 42));

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
        var text = LogThrough("Text", "Information", logger => logger.LogWarning("Teacher slow on batch {BatchId}", 7));

        Assert.Matches(@"^\[\d\d:\d\d:\d\d WRN\] Distillery\.Labeling\.BatchConsumer: Teacher slow on batch 7", text);
    }

    [Fact]
    public void Level_from_configuration_filters_events()
    {
        var text = LogThrough("Text", "Warning", logger =>
        {
            logger.LogInformation("routine");
            logger.LogError("broken");
        });

        Assert.DoesNotContain("routine", text, StringComparison.Ordinal);
        Assert.Contains("broken", text, StringComparison.Ordinal);
    }
}
