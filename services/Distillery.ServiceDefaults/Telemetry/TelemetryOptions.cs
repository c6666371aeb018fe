using System.Globalization;
using Distillery.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Distillery.ServiceDefaults.Telemetry;

/// <summary>
/// Where telemetry goes. The keys are OpenTelemetry's standard environment variables, read
/// through configuration so that a test host (or appsettings) can set them per host.
/// </summary>
public sealed record TelemetryOptions(
    string ServiceName,
    Uri? Endpoint,
    OtlpExportProtocol Protocol,
    int MetricExportIntervalMilliseconds)
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string MetricIntervalKey = "OTEL_METRIC_EXPORT_INTERVAL";

    public bool ExportEnabled => Endpoint is not null;

    public static TelemetryOptions FromConfiguration(IConfiguration configuration, string defaultServiceName)
    {
        var serviceName = configuration[ServiceNameKey] is { Length: > 0 } name ? name : defaultServiceName;

        Uri? endpoint = null;
        if (configuration[EndpointKey] is { Length: > 0 } rawEndpoint)
        {
            if (!Uri.TryCreate(rawEndpoint, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new InvalidConfigurationException(
                    $"{EndpointKey}: '{rawEndpoint}' is not an absolute http:// or https:// address");
            }
        }

        // http/protobuf is the specification's default; the .NET exporter alone defaults to grpc.
        var protocol = configuration[ProtocolKey] switch
        {
            null or "" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            var other => throw new InvalidConfigurationException(
                $"{ProtocolKey}: '{other}' is not supported; use 'http/protobuf' or 'grpc'"),
        };

        var interval = 15_000;
        if (configuration[MetricIntervalKey] is { Length: > 0 } rawInterval &&
            (!int.TryParse(rawInterval, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval < 100))
        {
            throw new InvalidConfigurationException(
                $"{MetricIntervalKey}: '{rawInterval}' must be a whole number of milliseconds, at least 100");
        }

        return new TelemetryOptions(serviceName, endpoint, protocol, interval);
    }

    /// <summary>The per-signal address: OTLP over HTTP puts each signal under its own path.</summary>
    internal Uri SignalEndpoint(string signalPath)
    {
        if (Endpoint is null)
        {
            throw new InvalidOperationException("no OTLP endpoint is configured");
        }

        return Protocol == OtlpExportProtocol.Grpc
            ? Endpoint
            : new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
    }
}
