using System.ComponentModel.DataAnnotations;

namespace Distillery.Grpc.Hosting;

/// <summary>
/// <c>Distillery:Grpc</c>: the ports Kestrel serves. When none is set the host's own URLs
/// (<c>ASPNETCORE_URLS</c>) apply unchanged; once one is set these are all Kestrel listens on,
/// so a host that also serves HTTP/1.1 (the <c>/health</c> probes) names <see cref="HttpPort"/>.
/// </summary>
public sealed class GrpcEndpointOptions : IValidatableObject
{
    /// <summary>HTTP/2 without TLS (prior knowledge) for in-cluster callers. 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int? Port { get; set; }

    /// <summary>HTTP/1.1 without TLS, for whatever is not gRPC.</summary>
    [Range(0, 65535)]
    public int? HttpPort { get; set; }

    /// <summary>HTTPS, with HTTP/2 negotiated by ALPN: served only when a certificate is configured.</summary>
    public GrpcTlsOptions Tls { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        const string key = "Distillery:Grpc:Tls";
        if (Tls.Port is null && Tls.CertificatePath is null)
        {
            yield break;
        }

        if (Tls.Port is not (>= 0 and <= 65535))
        {
            yield return new ValidationResult($"{key}:Port must be a port (0-65535) when {key}:CertificatePath is set", [nameof(Tls)]);
        }

        if (string.IsNullOrWhiteSpace(Tls.CertificatePath))
        {
            yield return new ValidationResult($"{key}:CertificatePath (a PEM certificate or a .pfx) is required to serve TLS on {key}:Port", [nameof(Tls)]);
        }
        else if (!File.Exists(Tls.CertificatePath))
        {
            yield return new ValidationResult($"{key}:CertificatePath: no file '{Tls.CertificatePath}'", [nameof(Tls)]);
        }

        if (Tls.KeyPath is not null && !File.Exists(Tls.KeyPath))
        {
            yield return new ValidationResult($"{key}:KeyPath: no file '{Tls.KeyPath}'", [nameof(Tls)]);
        }
    }
}
