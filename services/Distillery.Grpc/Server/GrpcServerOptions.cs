namespace Distillery.Grpc.Server;

/// <summary><c>Distillery:Grpc</c>: message size limits (gRPC's customary 4 MiB receive default).</summary>
public sealed class GrpcServerOptions
{
    public const string Section = "Distillery:Grpc";

    [System.ComponentModel.DataAnnotations.Range(1024, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    [System.ComponentModel.DataAnnotations.Range(1024, int.MaxValue)]
    public int MaxSendMessageSize { get; set; } = int.MaxValue;
}
