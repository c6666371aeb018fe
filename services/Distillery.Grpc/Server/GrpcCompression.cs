namespace Distillery.Grpc.Server;

/// <summary>How the server may compress response messages (<c>Distillery:Grpc:ResponseCompression</c>).</summary>
public enum GrpcCompression
{
    /// <summary>Never: the default (see <see cref="GrpcServerOptions.ResponseCompression"/>).</summary>
    None,

    /// <summary>gzip, for messages of at least <see cref="GrpcServerOptions.ResponseCompressionMinSize"/> bytes, when the client accepts it.</summary>
    Gzip,
}
