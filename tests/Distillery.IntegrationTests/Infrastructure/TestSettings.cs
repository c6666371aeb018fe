namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>Configuration for hosts under test, as command-line style <c>--key=value</c> arguments.</summary>
internal static class TestSettings
{
    /// <summary>Quiet logs and a loopback port chosen by the OS, so parallel tests never collide.</summary>
    public static readonly string[] Base = ["--urls=http://127.0.0.1:0", "--Serilog:MinimumLevel:Default=Warning"];

    /// <summary>The RabbitMQ transport on the test broker, with fast retries so faults resolve in milliseconds.</summary>
    public static string[] RabbitMqBus(int retryLimit)
    {
        var broker = TestServers.RabbitMq;
        var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        return
        [
            "--Distillery:Bus:Transport=RabbitMq",
            $"--Distillery:Bus:Host={broker.Host}",
            $"--Distillery:Bus:Port={broker.Port}",
            $"--Distillery:Bus:Username={credentials[0]}",
            $"--Distillery:Bus:Password={credentials[1]}",
            .. FastRetries(retryLimit),
        ];
    }

    public static string[] FastRetries(int retryLimit) =>
    [
        $"--Distillery:Bus:RetryLimit={retryLimit}",
        "--Distillery:Bus:RetryMinInterval=00:00:00.020",
        "--Distillery:Bus:RetryMaxInterval=00:00:00.200",
        "--Distillery:Bus:RetryIntervalDelta=00:00:00.020",
    ];
}
