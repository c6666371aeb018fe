using Microsoft.AspNetCore.Http;

namespace Distillery.Grpc.Server;

/// <summary>What a handler knows about its call: the method, deadline, request metadata, and where response metadata goes.</summary>
public sealed class ServerCallContext(HttpContext http, string method, DateTime? deadline, CancellationToken cancellationToken)
{
    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public string Method { get; } = method;

    /// <summary>When the client stops waiting (UTC), from <c>grpc-timeout</c>; null when it set none.</summary>
    public DateTime? Deadline { get; } = deadline;

    /// <summary>Cancelled when the client disconnects or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The request's metadata (HTTP/2 headers).</summary>
    public IHeaderDictionary RequestHeaders => http.Request.Headers;

    public HttpContext HttpContext => http;
}
