using System.Net;
using System.Net.Sockets;
using System.Text;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Processes;

namespace Distillery.IntegrationTests.Security;

/// <summary>
/// A research deployment makes no outbound call it did not configure. Here the service's HTTP
/// proxy is a listener of the test's, so any call it makes over HTTP(S) while it starts and
/// serves, wherever to, arrives there first. (MassTransit's usage telemetry would post only
/// minutes after the bus starts, too late for this test: that it is off is checked by
/// <c>UsageTelemetryTests</c>.)
/// </summary>
// One at a time: it starts a service as a process.
[Collection("distributed services")]
public sealed class OutboundConnectionTests
{
    [PostgresFact]
    public async Task A_service_on_the_bus_calls_out_to_nobody()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var requests = new List<string>();
        using var stop = new CancellationTokenSource();
        var listening = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await proxy.AcceptTcpClientAsync(stop.Token);
                var buffer = new byte[4096];
                var read = await client.GetStream().ReadAsync(buffer, stop.Token);
                lock (requests)
                {
                    requests.Add(Encoding.ASCII.GetString(buffer, 0, read).Split('\n')[0].Trim());
                }
            }
        }, stop.Token);
        await using var database = await ScratchDatabase.CreateAsync("distillery_outbound");
        var httpPort = FreePort();
        var proxyUrl = $"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}";
        await using var service = ServiceProcess.Start("Distillery.Coordinator.Host", "distillery-coordinator",
        [
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{FreePort()}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            "--Distillery:Logging:Format=Text",
            "--Distillery:Bus:Transport=InMemory",
            $"--Distillery:Database:ConnectionString={database.ConnectionString}",
            .. TestPrincipals.Principal(0, "outbound", "outbound-token"),
        ],
        new Dictionary<string, string> { ["HTTPS_PROXY"] = proxyUrl, ["HTTP_PROXY"] = proxyUrl, ["NO_PROXY"] = "" });

        using var http = new HttpClient(new HttpClientHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await ReadyAsync(http, httpPort))
        {
            Assert.False(service.HasExited, $"the Coordinator exited:\n{service.Output}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the Coordinator was not ready within 60 s:\n{service.Output}");
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();

        lock (requests)
        {
            Assert.True(requests.Count == 0, $"the service called out: {string.Join("; ", requests)}\n{service.Output}");
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient http, int port)
    {
        try
        {
            return (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"))).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
