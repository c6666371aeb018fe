using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc.Client;
using Distillery.IntegrationTests.Grpc.Contracts;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>
/// The generated clients as tests call them: one per service on a channel, call options from a
/// timeout and metadata, and the streaming calls as async sequences (the test writes, reads, or
/// both at once, and the call is disposed when the sequence ends).
/// </summary>
internal static class GrpcClients
{
    public static GrpcChannel Channel(Uri address, ChannelSettings? settings = null) => DistilleryChannel.Create(address, settings);

    public static Jobs.JobsClient Jobs(GrpcChannel channel) => new(channel);

    public static Distillery.Contracts.Grpc.V1.Inference.InferenceClient Inference(GrpcChannel channel) => new(channel);

    public static Students.StudentsClient Students(GrpcChannel channel) => new(channel);

    public static global::Grpc.Health.V1.Health.HealthClient Health(GrpcChannel channel) => new(channel);

    public static Interop.InteropClient Interop(GrpcChannel channel) => new(channel);

    /// <summary>Options for one call: its deadline <paramref name="timeout"/> from now (none when null) and its metadata (e.g. <c>TestPrincipals.Bearer</c>).</summary>
    public static CallOptions Options(TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        Metadata? headers = null;
        if (metadata is not null)
        {
            headers = [];
            foreach (var (key, value) in metadata)
            {
                headers.Add(key, value);
            }
        }

        return new CallOptions(headers, timeout is { } after ? DateTime.UtcNow + after : null, cancellationToken);
    }

    /// <summary>A server stream's responses; the call is disposed once they are read or the reader stops.</summary>
    public static async IAsyncEnumerable<T> All<T>(this AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                yield return response;
            }
        }
    }

    /// <summary>Writes <paramref name="requests"/> then closes the request stream, and returns the one response.</summary>
    public static async Task<TResponse> Send<TRequest, TResponse>(this AsyncClientStreamingCall<TRequest, TResponse> call, IAsyncEnumerable<TRequest> requests)
    {
        using (call)
        {
            await foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request);
            }

            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }
    }

    /// <summary>Writes <paramref name="requests"/> while the responses are read, as a bidirectional call does.</summary>
    public static async IAsyncEnumerable<TResponse> Exchange<TRequest, TResponse>(this AsyncDuplexStreamingCall<TRequest, TResponse> call, IAsyncEnumerable<TRequest> requests)
    {
        using (call)
        {
            var writing = Task.Run(async () =>
            {
                await foreach (var request in requests)
                {
                    await call.RequestStream.WriteAsync(request);
                }

                await call.RequestStream.CompleteAsync();
            });
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                yield return response;
            }

            await writing;
        }
    }
}
