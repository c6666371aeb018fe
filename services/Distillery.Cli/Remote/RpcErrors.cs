using Grpc.Core;

namespace Distillery.Cli.Remote;

/// <summary>
/// One message and one exit code per kind of failure, so scripts can tell a bad job (2) from a
/// missing one (3), a refused token (4), an unreachable Coordinator (5) or a report not ready (6).
/// </summary>
internal static class RpcErrors
{
    public const int Other = 1;
    public const int BadRequest = 2;
    public const int NotFound = 3;
    public const int Unauthenticated = 4;
    public const int Unavailable = 5;
    public const int NotReady = 6;

    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (RpcException e)
        {
            var (code, hint) = e.StatusCode switch
            {
                StatusCode.InvalidArgument => (BadRequest, "the request was refused"),
                StatusCode.NotFound => (NotFound, "not found"),
                StatusCode.Unauthenticated or StatusCode.PermissionDenied => (Unauthenticated, "pass a valid --token or set DISTILLERY_TOKEN"),
                StatusCode.Unavailable or StatusCode.DeadlineExceeded => (Unavailable, "is the Coordinator running at --endpoint?"),
                StatusCode.FailedPrecondition => (NotReady, "not ready yet"),
                _ => (Other, e.StatusCode.ToString()),
            };
            await Console.Error.WriteLineAsync($"error: {e.Status.Detail} ({e.StatusCode}: {hint})");
            return code;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot reach the Coordinator: {e.Message}");
            return Unavailable;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return BadRequest;
        }
    }
}
