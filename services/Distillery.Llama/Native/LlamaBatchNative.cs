using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>
/// <c>struct llama_batch</c> (include/llama.h): parallel arrays of <see cref="NTokens"/> entries,
/// allocated by <c>llama_batch_init</c>. <see cref="SeqId"/> points to one array of sequence ids
/// per token, <see cref="Logits"/> to one <c>int8_t</c> flag per token.
/// </summary>
[NativeStruct("llama_batch")]
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaBatchNative
{
    public int NTokens;
    public nint Token;
    public nint Embd;
    public nint Pos;
    public nint NSeqId;
    public nint SeqId;
    public nint Logits;
}
