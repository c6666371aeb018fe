using System.Security.Cryptography.X509Certificates;

namespace Distillery.Grpc.Hosting;

/// <summary>Loads the server certificate named by <see cref="GrpcTlsOptions"/>.</summary>
internal static class TlsCertificate
{
    public static X509Certificate2 Load(GrpcTlsOptions tls)
    {
        var path = tls.CertificatePath!;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, tls.Password);
        }

        using var pem = tls.Password is null
            ? X509Certificate2.CreateFromPemFile(path, tls.KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, tls.Password, tls.KeyPath);
        // A PEM key stays ephemeral, which SslStream cannot use on every platform; a round trip
        // through PKCS#12 gives the certificate a key it can.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
