using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary><c>struct llama_sampler_chain_params</c> (include/llama.h).</summary>
[NativeStruct("llama_sampler_chain_params")]
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    [MarshalAs(UnmanagedType.U1)]
    public bool NoPerf;
}
