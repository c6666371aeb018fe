using System.IO.Compression;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace Distillery.Grpc.Server;

/// <summary>Hands <see cref="GrpcServerOptions"/> to grpc-dotnet's own options, and adds Distillery's interceptors in the order they run.</summary>
internal sealed class GrpcServiceSetup(IOptions<GrpcServerOptions> options) : IConfigureOptions<GrpcServiceOptions>
{
    public void Configure(GrpcServiceOptions grpc)
    {
        var ours = options.Value;
        grpc.MaxReceiveMessageSize = ours.MaxReceiveMessageSize;
        grpc.MaxSendMessageSize = ours.MaxSendMessageSize;
        // Exception messages can hold internals or texts: callers get UNKNOWN without them.
        grpc.EnableDetailedErrors = false;
        if (ours.ResponseCompression == GrpcCompression.Gzip)
        {
            grpc.ResponseCompressionAlgorithm = "gzip";
            grpc.ResponseCompressionLevel = CompressionLevel.Fastest;
        }

        grpc.Interceptors.Add<CallObservationInterceptor>();
        grpc.Interceptors.Add<BearerTokenInterceptor>();
        grpc.Interceptors.Add<ExceptionStatusInterceptor>();
    }
}
