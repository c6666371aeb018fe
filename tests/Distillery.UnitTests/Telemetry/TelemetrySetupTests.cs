using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Distillery.UnitTests.Telemetry;

public sealed class TelemetrySetupTests
{
    private static OtlpExport? Parse(params (string Key, string Value)[] pairs) =>
        OtlpExport.FromConfiguration(
            new ConfigurationBuilder()
                .AddInMemoryCollection(pairs.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)))
                .Build());

    [Fact]
    public void Nothing_is_exported_without_an_endpoint()
    {
        Assert.Null(Parse());
    }

    [Fact]
    public void Http_protobuf_is_the_default_protocol_and_grpc_can_be_chosen()
    {
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, Parse(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))!.Protocol);
        Assert.Equal(
            OtlpExportProtocol.Grpc,
            Parse(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"))!.Protocol);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    public void Bad_value_names_its_variable(string key, string value)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => key == "OTEL_EXPORTER_OTLP_ENDPOINT"
            ? Parse((key, value))
            : Parse(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), (key, value)));

        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_name_is_the_hosts_unless_OTEL_SERVICE_NAME_names_another()
    {
        static string? ServiceName(params string[] args)
        {
            var builder = Host.CreateApplicationBuilder(["--Serilog:MinimumLevel:Default=Warning", .. args]);
            builder.AddServiceDefaults("coordinator", TextWriter.Null);
            using var host = builder.Build();
            var resource = host.Services.GetRequiredService<TracerProvider>().GetResource();
            return resource.Attributes.FirstOrDefault(attribute => attribute.Key == "service.name").Value as string;
        }

        Assert.Equal("coordinator", ServiceName());
        Assert.Equal("coordinator-eu", ServiceName("--OTEL_SERVICE_NAME=coordinator-eu"));
    }
}
