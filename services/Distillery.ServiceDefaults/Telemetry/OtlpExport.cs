using Distillery.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Distillery.ServiceDefaults.Telemetry;

/// <summary>
/// Whether and how to export over OTLP, from OpenTelemetry's standard variables. The exporter
/// reads them itself; they are checked here first because the exporter falls back silently on
/// a malformed value, and an operator should learn of a typo at start-up, not from a quiet
/// dashboard. No endpoint, no export: a host does not call a collector nobody configured.
/// </summary>
internal sealed record OtlpExport(Uri Endpoint, OtlpExportProtocol Protocol)
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>The export configured, or null when <see cref="EndpointKey"/> is unset.</summary>
    public static OtlpExport? FromConfiguration(IConfiguration configuration)
    {
        if (configuration[EndpointKey] is not { Length: > 0 } rawEndpoint)
        {
            return null;
        }

        if (!Uri.TryCreate(rawEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidConfigurationException(
                $"{EndpointKey}: '{rawEndpoint}' is not an absolute http:// or https:// address");
        }

        // http/protobuf is the specification's default; the .NET exporter alone defaults to grpc.
        var protocol = configuration[ProtocolKey] switch
        {
            null or "" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            var other => throw new InvalidConfigurationException(
                $"{ProtocolKey}: '{other}' is not supported; use 'http/protobuf' or 'grpc'"),
        };

        return new OtlpExport(endpoint, protocol);
    }
}
