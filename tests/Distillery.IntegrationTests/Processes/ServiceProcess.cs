using System.Collections.Concurrent;
using System.Diagnostics;
using Distillery.IntegrationTests.Infrastructure;

namespace Distillery.IntegrationTests.Processes;

/// <summary>
/// A service host (for example <c>distillery-labeling</c>) run as its own process from its build
/// folder, as in production: its own appsettings.json, configuration overridden by arguments.
/// The test can kill it without warning (SIGKILL) and start it again. Output is kept so that a
/// failing test can show what the service said.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private ServiceProcess(Process process) => _process = process;

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to exit and its output to be read; false when it is still running at <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts <c>services/{project}/bin/{configuration}/net10.0/{assembly}.dll</c>.</summary>
    public static ServiceProcess Start(string project, string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The host is built beside the tests in the same configuration (Debug or Release).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var folder = Path.Combine(RepositoryFiles.Root, "services", project, "bin", configuration, "net10.0");
        var dll = Path.Combine(folder, assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build {project} ({configuration})", dll);
        }

        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process);
        process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, in-flight messages unacknowledged.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
