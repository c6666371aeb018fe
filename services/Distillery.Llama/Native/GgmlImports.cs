using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>ggml tensors in a memory context (ggml/include/ggml.h, in libggml-base): what a GGUF file's tensor data is written from.</summary>
internal static unsafe partial class GgmlImports
{
    /// <summary>Returns NULL when the memory pool cannot be allocated.</summary>
    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial SafeGgmlContextHandle ggml_init(GgmlInitParams parameters);

    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial void ggml_free(nint context);

    /// <summary>The pool bytes one tensor's header takes, besides its data.</summary>
    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial nuint ggml_tensor_overhead();

    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial nuint ggml_row_size(GgmlType type, long elements);

    /// <summary>Aborts the process when the pool is too small: callers size it with <see cref="ggml_tensor_overhead"/> and <see cref="ggml_row_size"/>.</summary>
    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial nint ggml_new_tensor_1d(SafeGgmlContextHandle context, GgmlType type, long ne0);

    /// <summary>As <see cref="ggml_new_tensor_1d"/>; <paramref name="ne0"/> is the contiguous (row) dimension.</summary>
    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial nint ggml_new_tensor_2d(SafeGgmlContextHandle context, GgmlType type, long ne0, long ne1);

    [LibraryImport(LibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint ggml_set_name(nint tensor, string name);

    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial void* ggml_get_data(nint tensor);

    [LibraryImport(LibraryNames.GgmlBase)]
    internal static partial nuint ggml_nbytes(nint tensor);
}
