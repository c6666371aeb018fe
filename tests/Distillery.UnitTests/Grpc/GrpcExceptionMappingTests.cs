using Distillery.Grpc;
using Distillery.Grpc.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Distillery.UnitTests.Grpc;

public sealed class GrpcExceptionMappingTests
{
    /// <summary>
    /// A pooled connection broken by a PostgreSQL restart fails its next command: the caller is
    /// told to try again (UNAVAILABLE), which clients do for reads, not that the server is broken (UNKNOWN).
    /// </summary>
    [Fact]
    public void A_transient_database_failure_is_unavailable_and_anything_else_unexpected_is_unknown()
    {
        var broken = new NpgsqlException("Exception while reading from stream", new IOException("connection reset"));
        Assert.True(broken.IsTransient);

        Assert.Equal(StatusCode.Unavailable, Map(broken).Code);
        Assert.Equal(StatusCode.Unavailable, Map(new TimeoutException("timeout while connecting")).Code);
        var unexpected = Map(new InvalidOperationException("secret internals"));
        Assert.Equal(StatusCode.Unknown, unexpected.Code);
        Assert.DoesNotContain("secret", unexpected.Message, StringComparison.Ordinal);
    }

    private static GrpcCallStatus Map(Exception exception) =>
        GrpcExceptionMapping.ToStatus(exception, deadlinePassed: false, clientGone: false, NullLogger.Instance, "/distillery.v1.Jobs/Get");
}
