using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Distillery.UnitTests.Telemetry;

public sealed class TelemetryOptionsTests
{
    private static TelemetryOptions Parse(params (string Key, string Value)[] pairs) =>
        TelemetryOptions.FromConfiguration(
            new ConfigurationBuilder()
                .AddInMemoryCollection(pairs.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)))
                .Build(),
            "coordinator");

    [Fact]
    public void Nothing_is_exported_without_an_endpoint()
    {
        var options = Parse();

        Assert.False(options.ExportEnabled);
        Assert.Equal("coordinator", options.ServiceName);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, options.Protocol);
    }

    [Fact]
    public void Http_signals_get_their_own_paths_and_grpc_keeps_the_base_address()
    {
        var http = Parse(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"));
        var grpc = Parse(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));

        Assert.Equal(new Uri("http://collector:4318/v1/metrics"), http.SignalEndpoint("v1/metrics"));
        Assert.Equal(new Uri("http://collector:4317"), grpc.SignalEndpoint("v1/traces"));
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "soon")]
    public void Bad_value_names_its_variable(string key, string value)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Parse((key, value)));

        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }
}
