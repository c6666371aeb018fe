using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary><c>struct ggml_init_params</c> (ggml/include/ggml.h).</summary>
[NativeStruct("ggml_init_params")]
[StructLayout(LayoutKind.Sequential)]
internal struct GgmlInitParams
{
    public nuint MemSize;
    public nint MemBuffer;

    [MarshalAs(UnmanagedType.U1)]
    public bool NoAlloc;
}
