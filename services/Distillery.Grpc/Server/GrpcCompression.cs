namespace Distillery.Grpc.Server;

/// <summary>How the server may compress response messages (<c>Distillery:Grpc:ResponseCompression</c>).</summary>
public enum GrpcCompression
{
    /// <summary>Never: the default (see <see cref="GrpcServerOptions.ResponseCompression"/>).</summary>
    None,

    /// <summary>gzip, when the client accepts it (grpc-dotnet's <c>ResponseCompressionAlgorithm</c>).</summary>
    Gzip,
}
