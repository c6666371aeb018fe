using System.ComponentModel.DataAnnotations;

namespace Distillery.Grpc.Server;

/// <summary><c>Distillery:Grpc</c>: message size limits (gRPC's customary 4 MiB receive default) and response compression, handed to grpc-dotnet's own options.</summary>
public sealed class GrpcServerOptions
{
    public const string Section = "Distillery:Grpc";

    [Range(1024, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    [Range(1024, int.MaxValue)]
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>
    /// Off by default: in the cluster bandwidth is cheap and CPU is not, most of our messages
    /// are small or already dense (ids, probabilities, embeddings), and compressing responses
    /// that echo request text can leak it through sizes. Turn it on (<c>Gzip</c>) for clients
    /// on slow links; even then only clients that list gzip in <c>grpc-accept-encoding</c> get it.
    /// </summary>
    public GrpcCompression ResponseCompression { get; set; } = GrpcCompression.None;
}
