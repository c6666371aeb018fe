using System.Runtime.InteropServices;
using Distillery.Llama.Logging;
using Distillery.Llama.Native;
using Microsoft.Extensions.Logging;

namespace Distillery.Llama;

/// <summary>
/// llama.cpp loaded into this process: the libraries resolved from one folder, its log routed to
/// <see cref="ILogger"/>, every ggml backend in the folder registered
/// (<c>ggml_backend_load_all_from_path</c>) and <c>llama_backend_init</c> called. That happens
/// once per process, whichever thread asks first; models and test-model factories ask for it
/// themselves, so calling <see cref="Initialize"/> is only needed to choose the folder or the logger.
/// </summary>
public sealed class LlamaBackend
{
    private static readonly Lock Gate = new();
    private static LlamaBackend? _instance;

    private LlamaBackend(string nativeDirectory, IReadOnlyList<LlamaDevice> devices, string systemInfo)
    {
        NativeDirectory = nativeDirectory;
        Devices = devices;
        SystemInfo = systemInfo;
    }

    /// <summary>The folder the libraries were loaded from.</summary>
    public string NativeDirectory { get; }

    /// <summary>The devices the loaded backends registered; the CPU is always one.</summary>
    public IReadOnlyList<LlamaDevice> Devices { get; }

    /// <summary>llama.cpp's summary of the CPU features its chosen backend uses (e.g. <c>AVX2 = 1</c>).</summary>
    public string SystemInfo { get; }

    /// <summary>
    /// Loads llama.cpp from the folder <paramref name="options"/> name (see <see cref="LlamaNativeOptions"/>),
    /// or returns the backend already loaded from that folder. A folder without the libraries
    /// throws <see cref="LlamaNativeLibraryException"/> naming it; asking for a second folder in
    /// one process throws <see cref="InvalidOperationException"/>. llama.cpp's log goes to
    /// <paramref name="loggerFactory"/>'s <c>llama.cpp</c> category; one given later replaces the
    /// earlier, and with none yet given the log is dropped (not written to stderr).
    /// </summary>
    public static LlamaBackend Initialize(LlamaNativeOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        var directory = (options ?? new LlamaNativeOptions()).ResolveDirectory();
        NativeLibraryResolver.Verify(directory);
        lock (Gate)
        {
            if (loggerFactory is not null)
            {
                LlamaLogBridge.Route(loggerFactory);
            }

            if (_instance is { } loaded)
            {
                return string.Equals(loaded.NativeDirectory, directory, StringComparison.Ordinal)
                    ? loaded
                    : throw new InvalidOperationException(
                        $"llama.cpp is already loaded from '{loaded.NativeDirectory}' in this process; it cannot also load '{directory}'");
            }

            NativeLibraryResolver.Install(directory);
            LlamaLogBridge.Install();
            BackendImports.ggml_backend_load_all_from_path(directory);
            BackendImports.llama_backend_init();
            var devices = ListDevices();
            if (devices.Count == 0)
            {
                throw new LlamaNativeLibraryException(
                    $"no ggml backend in '{directory}' loaded on this machine (is there a libggml-cpu-*.so for this CPU?)")
                { Directory = directory };
            }

            _instance = new LlamaBackend(directory, devices, SystemInfoText());
            return _instance;
        }
    }

    /// <summary>The loaded backend, loading it with the default options if nothing has yet.</summary>
    internal static LlamaBackend EnsureInitialized() => Volatile.Read(ref _instance) ?? Initialize();

    private static unsafe List<LlamaDevice> ListDevices()
    {
        var devices = new List<LlamaDevice>();
        var count = BackendImports.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            var device = BackendImports.ggml_backend_dev_get(i);
            devices.Add(new LlamaDevice(
                Marshal.PtrToStringUTF8((nint)BackendImports.ggml_backend_dev_name(device)) ?? string.Empty,
                Marshal.PtrToStringUTF8((nint)BackendImports.ggml_backend_dev_description(device)) ?? string.Empty));
        }

        return devices;
    }

    private static unsafe string SystemInfoText() =>
        Marshal.PtrToStringUTF8((nint)BackendImports.llama_print_system_info()) ?? string.Empty;
}
