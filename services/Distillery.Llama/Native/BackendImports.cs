using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>Backend loading and process-wide set-up (ggml-backend.h, llama.h).</summary>
internal static unsafe partial class BackendImports
{
    /// <summary>Loads every ggml backend library in the folder (the best libggml-cpu-* for this CPU; CUDA when present).</summary>
    [LibraryImport(LibraryNames.Ggml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string directory);

    [LibraryImport(LibraryNames.Ggml)]
    internal static partial nuint ggml_backend_dev_count();

    [LibraryImport(LibraryNames.Ggml)]
    internal static partial nint ggml_backend_dev_get(nuint index);

    /// <summary>Returns a string owned by the device.</summary>
    [LibraryImport(LibraryNames.Ggml)]
    internal static partial byte* ggml_backend_dev_name(nint device);

    /// <summary>Returns a string owned by the device.</summary>
    [LibraryImport(LibraryNames.Ggml)]
    internal static partial byte* ggml_backend_dev_description(nint device);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_backend_init();

    /// <summary>Returns a static string.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial byte* llama_print_system_info();

    /// <summary>
    /// Sets the log callback of llama.cpp and of ggml (which it forwards to):
    /// <c>void (*)(enum ggml_log_level, const char * text, void * user_data)</c>.
    /// </summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_log_set(delegate* unmanaged[Cdecl]<GgmlLogLevel, byte*, nint, void> callback, nint userData);
}
