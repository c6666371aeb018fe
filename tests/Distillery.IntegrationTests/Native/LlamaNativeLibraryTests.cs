using System.Runtime.InteropServices;
using Distillery.IntegrationTests.Llama;

namespace Distillery.IntegrationTests.Native;

/// <summary>
/// The build step (scripts/fetch-native.sh via Directory.Build.targets) put real llama.cpp
/// libraries beside the test assembly, and they load and run on this machine.
/// </summary>
[Collection(SharedLlama.Name)]
public sealed class LlamaNativeLibraryTests
{
    private static readonly string NativeDirectory = Path.Combine(AppContext.BaseDirectory, "native", "linux-x64");

    [Fact]
    public void Shipped_libraries_load_register_a_cpu_backend_and_report_its_features()
    {
        var ggml = NativeLibrary.Load(Path.Combine(NativeDirectory, "libggml.v0.5.0.so"));
        var llama = NativeLibrary.Load(Path.Combine(NativeDirectory, "libllama.v0.5.0.so"));
        unsafe
        {
            var loadAll = (delegate* unmanaged<byte*, void>)NativeLibrary.GetExport(ggml, "ggml_backend_load_all_from_path");
            var deviceCount = (delegate* unmanaged<nuint>)NativeLibrary.GetExport(ggml, "ggml_backend_dev_count");
            var backendInit = (delegate* unmanaged<void>)NativeLibrary.GetExport(llama, "llama_backend_init");
            var systemInfo = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(llama, "llama_print_system_info");

            var directory = Marshal.StringToCoTaskMemUTF8(NativeDirectory);
            try
            {
                loadAll((byte*)directory);
            }
            finally
            {
                Marshal.FreeCoTaskMem(directory);
            }

            backendInit();
            Assert.True(deviceCount() >= 1, "no ggml device registered from " + NativeDirectory);
            var info = Marshal.PtrToStringUTF8((nint)systemInfo());
            Assert.Contains("CPU", info, StringComparison.Ordinal);
        }
    }
}
