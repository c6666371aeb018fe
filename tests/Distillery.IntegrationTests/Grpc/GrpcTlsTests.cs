using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Distillery.Grpc.Client;
using Distillery.IntegrationTests.Grpc.Contracts;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Kestrel's endpoints from <c>Distillery:Grpc</c>: HTTP/2 without TLS for the cluster, and HTTP/2 over TLS (ALPN) once a certificate is configured.</summary>
public sealed class GrpcTlsTests : IDisposable
{
    private const string Echo = "/distillery.test.v1.Interop/Echo";
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A self-signed certificate for localhost and 127.0.0.1, written as PEM certificate and key files.</summary>
    private (X509Certificate2 Certificate, string CertificatePath, string KeyPath) SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var (certificatePath, keyPath) = (Path.Combine(_folder, "tls.crt"), Path.Combine(_folder, "tls.key"));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (X509CertificateLoader.LoadCertificate(certificate.RawData), certificatePath, keyPath);
    }

    [GrpcioFact]
    public async Task With_a_certificate_configured_grpcio_and_our_client_call_over_tls_beside_the_plaintext_port()
    {
        var (certificate, certificatePath, keyPath) = SelfSigned();
        using (certificate)
        {
            await using var server = await InteropServer.StartAsync(
                _ => { },
                "--Distillery:Grpc:Port=0",
                "--Distillery:Grpc:Tls:Port=0",
                $"--Distillery:Grpc:Tls:CertificatePath={certificatePath}",
                $"--Distillery:Grpc:Tls:KeyPath={keyPath}");
            using var tls = GrpcClients.Channel(server.TlsAddress, new ChannelSettings { RootCertificates = [certificate] });
            using var plaintext = GrpcClients.Channel(server.Address);
            using var untrusting = GrpcClients.Channel(server.TlsAddress, new ChannelSettings { MaxRetries = 0 });

            var grpcio = GrpcioClient.Run(server.TlsAddress.Authority, [GrpcioClient.Call(Echo, "unary", [new Text { Value = "grpcio over TLS" }])], rootCertificate: certificate.ExportCertificatePem()).Single();
            var ours = await GrpcClients.Interop(tls).EchoAsync(new Text { Value = "ours over TLS" });
            var plain = await GrpcClients.Interop(plaintext).EchoAsync(new Text { Value = "plaintext" });
            var refused = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Interop(untrusting).EchoAsync(new Text()).ResponseAsync);

            Assert.Equal("OK", GrpcioClient.Code(grpcio));
            Assert.Equal("grpcio over TLS", GrpcioClient.Responses(grpcio, Text.Parser).Single().Value);
            Assert.Equal("ours over TLS", ours.Value);
            Assert.Equal("plaintext", plain.Value);
            // grpc-dotnet reports a failed TLS handshake as INTERNAL, naming SSL.
            Assert.Equal(StatusCode.Internal, refused.StatusCode);
            Assert.Contains("SSL", refused.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_tls_port_without_a_certificate_stops_the_host_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InteropServer.StartAsync(_ => { }, "--Distillery:Grpc:Port=0", "--Distillery:Grpc:Tls:Port=0"));

        Assert.Contains("Distillery:Grpc:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
    }
}
