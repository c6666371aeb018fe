namespace Distillery.Grpc.Server;

/// <summary>
/// Runs around every call of every mapped method, in registration order: before the handler
/// (where throwing <see cref="RpcException"/> ends the call with that status, e.g. UNAUTHENTICATED),
/// and after it with the final status and duration (logging, metrics).
/// </summary>
public interface IGrpcInterceptor
{
    ValueTask BeforeAsync(ServerCallContext context);

    void After(ServerCallContext context, StatusCode status, TimeSpan duration);
}
