using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary><c>struct llama_token_data_array</c> (include/llama.h): the candidates a sampler rewrites in place.</summary>
[NativeStruct("llama_token_data_array")]
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenDataArray
{
    public nint Data;
    public nuint Size;

    /// <summary>Index into <see cref="Data"/> (not a token id) of the token a selecting sampler chose, or -1.</summary>
    public long Selected;

    [MarshalAs(UnmanagedType.U1)]
    public bool Sorted;
}
