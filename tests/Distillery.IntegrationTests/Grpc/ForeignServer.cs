using System.Diagnostics;
using System.Globalization;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>
/// A gRPC server in another implementation (grpcio, grpc-js), run as a child process that
/// prints its loopback port on its first line and serves until its stdin closes.
/// </summary>
internal sealed class ForeignServer : IDisposable
{
    private readonly Process _process;

    private ForeignServer(Process process, int port)
    {
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    public static async Task<ForeignServer> StartAsync(string program, params string[] arguments)
    {
        var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new ForeignServer(process, port)
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} printed '{line}' instead of its port");
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5_000))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
