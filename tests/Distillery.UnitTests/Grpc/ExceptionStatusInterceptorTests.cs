using Distillery.Grpc;
using Distillery.Grpc.Server;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Distillery.UnitTests.Grpc;

/// <summary>What a handler's exception becomes for the caller, through the interceptor every host installs.</summary>
public sealed class ExceptionStatusInterceptorTests
{
    private const string Method = "/distillery.v1.Jobs/Get";

    /// <summary>
    /// A pooled connection broken by a PostgreSQL restart fails its next command: the caller is
    /// told to try again (UNAVAILABLE), which clients do for reads, not that the server is broken.
    /// Anything else unexpected goes on unchanged, for grpc-dotnet to answer UNKNOWN without its message.
    /// </summary>
    [Fact]
    public async Task A_transient_database_failure_is_unavailable_and_anything_else_unexpected_passes_on()
    {
        var broken = new NpgsqlException("Exception while reading from stream", new IOException("connection reset"));
        Assert.True(broken.IsTransient);

        Assert.Equal(StatusCode.Unavailable, (await Fails<RpcException>(broken)).StatusCode);
        Assert.Equal(StatusCode.Unavailable, (await Fails<RpcException>(new TimeoutException("timeout while connecting"))).StatusCode);
        Assert.Equal("secret internals", (await Fails<InvalidOperationException>(new InvalidOperationException("secret internals"))).Message);
    }

    [Fact]
    public async Task A_passed_deadline_is_deadline_exceeded_and_an_argument_exception_invalid_argument()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var late = await Fails<RpcException>(new OperationCanceledException(), new TestCallContext(Method, DateTime.UtcNow.AddSeconds(-1), cancelled.Token));
        var gone = await Fails<RpcException>(new OperationCanceledException(), new TestCallContext(Method, DateTime.MaxValue, cancelled.Token));
        var invalid = await Fails<RpcException>(new ArgumentException("top_k: must be positive"));

        Assert.Equal(StatusCode.DeadlineExceeded, late.StatusCode);
        Assert.Equal(StatusCode.Cancelled, gone.StatusCode);
        Assert.Equal((StatusCode.InvalidArgument, "top_k: must be positive"), (invalid.StatusCode, invalid.Status.Detail));
        Assert.Equal("top_k", Assert.Single(InvalidArgument.Violations(invalid)).Field);
    }

    [Fact]
    public async Task A_status_the_handler_chose_passes_with_its_message_cut_to_what_a_header_holds()
    {
        var chosen = await Fails<RpcException>(new RpcException(new Status(StatusCode.NotFound, "job_id: no job 1")));
        var cut = await Fails<RpcException>(new RpcException(new Status(StatusCode.NotFound, new string('x', 10_000))));

        Assert.Equal((StatusCode.NotFound, "job_id: no job 1"), (chosen.StatusCode, chosen.Status.Detail));
        Assert.True(cut.Status.Detail.Length < ExceptionStatusInterceptor.MaxMessageLength + 20);
        Assert.EndsWith("(cut)", cut.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<T> Fails<T>(Exception thrown, TestCallContext? context = null)
        where T : Exception
    {
        var interceptor = new ExceptionStatusInterceptor(NullLogger<ExceptionStatusInterceptor>.Instance);
        return await Assert.ThrowsAsync<T>(() => interceptor.UnaryServerHandler<string, string>(
            "request", context ?? new TestCallContext(Method, DateTime.MaxValue), (_, _) => throw thrown));
    }
}
