using System.Diagnostics;
using System.Globalization;

namespace Distillery.Testing;

/// <summary>
/// A gRPC server run as a child process (grpcio, grpc-js, or our benchmark server) that prints
/// its loopback port on its first line and serves until its stdin closes. Linked into each
/// project that needs it (tests/Shared).
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    /// <summary>CPU time the server has used so far, on every core.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ServerProcess> StartAsync(string program, params string[] arguments)
    {
        var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new ServerProcess(process, port)
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
