using System.Diagnostics;
using System.Globalization;

namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>
/// Runs <c>tests/infra/servers.sh</c>: the shared servers' restarts, or a private pair of
/// servers (<see cref="PrivateServers"/>) that an outage test may take down.
/// </summary>
internal static class ServersScript
{
    public static async Task RunAsync(string command, int rabbitMqPort, int postgresPort, string? folder = null)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryFiles.Root, "tests", "infra", "servers.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DISTILLERY_TEST_RABBITMQ_PORT"] = rabbitMqPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["DISTILLERY_TEST_POSTGRES_PORT"] = postgresPort.ToString(CultureInfo.InvariantCulture);
        if (folder is not null)
        {
            start.Environment["DISTILLERY_TEST_SERVERS_DIR"] = folder;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"servers.sh {command} failed: {await output}{errors}");
    }
}
