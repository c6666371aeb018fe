namespace Distillery.Grpc.Hosting;

/// <summary>
/// <c>Distillery:Grpc:Tls</c>: the certificate for the TLS port, as mounted from a Kubernetes
/// Secret: a PEM certificate (chain) with its PEM key beside it, or one PKCS#12 (.pfx/.p12) file.
/// </summary>
public sealed class GrpcTlsOptions
{
    /// <summary>0 picks a free port.</summary>
    public int? Port { get; set; }

    /// <summary>PEM certificate, or a .pfx/.p12 file holding certificate and key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key; unset when the PEM certificate file holds the key too.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of an encrypted PEM key or of the .pfx (from a Secret or the environment, never from a file in the repo).</summary>
    public string? Password { get; set; }
}
