using System.Diagnostics;
using System.Globalization;

namespace Distillery.Benchmarks.Grpc;

/// <summary>
/// A benchmarked server in a process of its own, so its CPU time is its own and it shares no
/// garbage collector with the client: it prints its loopback port on its first line and serves
/// until its stdin closes.
/// </summary>
internal sealed class BenchServer : IDisposable
{
    private readonly Process _process;

    private BenchServer(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public string Name { get; }

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

    public static async Task<BenchServer> StartAsync(string name, string program, params string[] arguments)
    {
        var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new BenchServer(name, process, port)
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
