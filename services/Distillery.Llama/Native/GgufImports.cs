using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>Writing GGUF files (ggml/include/gguf.h, in libggml-base): what the test-model factory builds models with.</summary>
internal static unsafe partial class GgufImports
{
    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial SafeGgufContextHandle gguf_init_empty();

    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial void gguf_free(nint context);

    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void gguf_set_val_str(SafeGgufContextHandle context, string key, string value);

    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void gguf_set_val_u32(SafeGgufContextHandle context, string key, uint value);

    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void gguf_set_val_i32(SafeGgufContextHandle context, string key, int value);

    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void gguf_set_val_f32(SafeGgufContextHandle context, string key, float value);

    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void gguf_set_val_bool(SafeGgufContextHandle context, string key, [MarshalAs(UnmanagedType.U1)] bool value);

    /// <summary>Copies <paramref name="count"/> elements of <paramref name="type"/>.</summary>
    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void gguf_set_arr_data(SafeGgufContextHandle context, string key, GgufType type, void* data, nuint count);

    /// <summary>Copies the strings.</summary>
    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void gguf_set_arr_str(SafeGgufContextHandle context, string key, byte** data, nuint count);

    /// <summary>Records the tensor's name, shape, type and data pointer; the data is read when the file is written.</summary>
    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial void gguf_add_tensor(SafeGgufContextHandle context, nint tensor);

    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool gguf_write_to_file(SafeGgufContextHandle context, string path, [MarshalAs(UnmanagedType.U1)] bool onlyMeta);
}
