using System.Net;
using System.Net.Sockets;

namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>
/// A RabbitMQ and a PostgreSQL of a test's own (the same script and packages as the shared ones,
/// other ports and data), so that it can stop them mid-job without failing every other test.
/// </summary>
internal sealed class PrivateServers : IAsyncDisposable
{
    private readonly string _folder;

    private PrivateServers(string folder, int rabbitMqPort, int postgresPort)
    {
        _folder = folder;
        RabbitMqPort = rabbitMqPort;
        PostgresPort = postgresPort;
    }

    public int RabbitMqPort { get; }

    public int PostgresPort { get; }

    public Uri RabbitMq => new($"amqp://guest:guest@127.0.0.1:{RabbitMqPort}/");

    public string Postgres => $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database=distillery_test";

    public static async Task<PrivateServers> StartAsync()
    {
        // Under /tmp, open to the servers' own users, as servers.sh needs.
        var folder = Path.Combine(Path.GetTempPath(), $"distillery-private-servers-{Guid.NewGuid():N}");
        // RabbitMQ takes the port after its AMQP port for distribution and the next for epmd.
        var servers = new PrivateServers(folder, FreePortRun(3), FreePortRun(1));
        try
        {
            await servers.RunAsync("start");
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    public Task StopPostgresAsync() => RunAsync("stop-postgres");

    public Task StartPostgresAsync() => RunAsync("start-postgres");

    public Task StopRabbitMqAsync() => RunAsync("stop-rabbitmq");

    public Task StartRabbitMqAsync() => RunAsync("start-rabbitmq");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("stop");
        }
        finally
        {
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }

    private Task RunAsync(string command) => ServersScript.RunAsync(command, RabbitMqPort, PostgresPort, _folder);

    /// <summary>The first of <paramref name="count"/> consecutive free loopback ports.</summary>
    private static int FreePortRun(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Random.Shared.Next(40_000, 60_000);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free ports between 40000 and 60000");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
