using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Hosting;

/// <summary>
/// Points Kestrel at the ports of <see cref="GrpcEndpointOptions"/>: HTTP/2 with prior knowledge
/// (gRPC clients in the cluster speak it without TLS, and Kestrel cannot tell HTTP/1.1 from
/// HTTP/2 on a plaintext port, hence a port of its own), HTTP/1.1, and HTTPS where ALPN offers
/// h2 and http/1.1.
/// </summary>
internal sealed class GrpcKestrelSetup(IOptions<GrpcEndpointOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var endpoints = options.Value;
        if (endpoints.Port is { } port)
        {
            kestrel.ListenAnyIP(port, listen => listen.Protocols = HttpProtocols.Http2);
        }

        if (endpoints.HttpPort is { } httpPort)
        {
            kestrel.ListenAnyIP(httpPort, listen => listen.Protocols = HttpProtocols.Http1);
        }

        if (endpoints.Tls.Port is { } tlsPort && endpoints.Tls.CertificatePath is not null)
        {
            var certificate = TlsCertificate.Load(endpoints.Tls);
            kestrel.ListenAnyIP(tlsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            });
        }
    }
}
