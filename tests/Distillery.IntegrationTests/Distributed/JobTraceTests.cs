using System.Diagnostics;
using System.Text;
using Distillery.IntegrationTests.EndToEnd;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Telemetry;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// One trace per job: the trace the <c>distillery</c> client runs under reaches the Coordinator
/// over gRPC and, through the outbox and MassTransit's headers, every worker. Each service
/// exports its spans over OTLP to a loopback collector; an export request holds one service's
/// resource (its service.name attribute) and its spans' raw 16-byte trace ids, which the test looks for.
/// </summary>
[Collection("distributed services")]
public sealed class JobTraceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-trace-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ServersFact]
    public async Task The_clients_trace_id_is_on_the_spans_of_the_coordinator_and_of_the_workers_its_messages_reach()
    {
        await using var collector = await LoopbackOtlpReceiver.StartAsync();
        await using var services = await DistributedServices.StartAsync(busSettings:
        [
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Address}",
            // Spans leave each service within a fifth of a second rather than the default five.
            "--OTEL_BSP_SCHEDULE_DELAY=200",
        ]);
        var trace = ActivityTraceId.CreateRandom();
        var client = new Dictionary<string, string> { ["TRACEPARENT"] = $"00-{trace}-{ActivitySpanId.CreateRandom()}-01" };
        var job = DistributedJobs.Write(_folder, "traced", tasks: 1);
        try
        {
            var submitted = await DistilleryProcess.RunAsync(Deadline, client, "submit", job, "--endpoint", services.Endpoint, "--token", DistributedServices.Token);
            Assert.True(submitted.ExitCode == 0, submitted.Output);
            var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
            var watched = await DistilleryProcess.RunAsync(Deadline, client, "watch", jobId, "--endpoint", services.Endpoint, "--token", DistributedServices.Token);
            Assert.True(watched.ExitCode == 0, watched.Output);

            var traced = await ServicesWithSpansOf(collector, trace, ["coordinator", "labeling", "training", "evaluation"], TimeSpan.FromSeconds(30));

            Assert.Equal(["coordinator", "evaluation", "labeling", "training"], traced);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{services.Output}", e);
        }
    }

    /// <summary>The services (by resource name) whose exported spans carry <paramref name="trace"/>, waiting until all <paramref name="expected"/> have or time runs out.</summary>
    private static async Task<string[]> ServicesWithSpansOf(LoopbackOtlpReceiver collector, ActivityTraceId trace, string[] expected, TimeSpan deadline)
    {
        var id = Convert.FromHexString(trace.ToHexString());
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var traced = expected
                .Where(service => collector.Received("traces").Any(body => Contains(body, id) && Contains(body, ServiceNameAttribute(service))))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (traced.Length == expected.Length || clock.Elapsed > deadline)
            {
                return traced;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// The resource attribute <c>service.name = name</c> as OTLP protobuf encodes it, the key and
    /// then the value field (2) holding an AnyValue whose string_value (1) is the name; short names
    /// keep every length in one byte.
    /// </summary>
    private static byte[] ServiceNameAttribute(string name)
    {
        var value = Encoding.UTF8.GetBytes(name);
        return [.. Encoding.UTF8.GetBytes("service.name"), 0x12, (byte)(value.Length + 2), 0x0A, (byte)value.Length, .. value];
    }

    private static bool Contains(byte[] payload, byte[] bytes) => payload.AsSpan().IndexOf(bytes) >= 0;
}
