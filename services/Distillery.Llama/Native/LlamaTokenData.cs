using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary><c>struct llama_token_data</c> (include/llama.h): one candidate a sampler sees.</summary>
[NativeStruct("llama_token_data")]
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    public int Id;
    public float Logit;
    public float P;
}
