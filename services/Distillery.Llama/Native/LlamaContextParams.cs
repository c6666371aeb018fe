using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary><c>struct llama_context_params</c> (include/llama.h).</summary>
[NativeStruct("llama_context_params")]
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    public uint NCtx;
    public uint NBatch;
    public uint NUbatch;
    public uint NSeqMax;
    public uint NRsSeq;
    public uint NOutputsMax;
    public uint NOutputsMaxPerSeq;
    public int NThreads;
    public int NThreadsBatch;
    public int CtxType;
    public int RopeScalingType;
    public LlamaPooling PoolingType;
    public int AttentionType;
    public int FlashAttnType;
    public float RopeFreqBase;
    public float RopeFreqScale;
    public float YarnExtFactor;
    public float YarnAttnFactor;
    public float YarnBetaFast;
    public float YarnBetaSlow;
    public uint YarnOrigCtx;
    public float DefragThold;
    public nint CbEval;
    public nint CbEvalUserData;
    public int TypeK;
    public int TypeV;
    public nint AbortCallback;
    public nint AbortCallbackData;

    [MarshalAs(UnmanagedType.U1)]
    public bool Embeddings;

    [MarshalAs(UnmanagedType.U1)]
    public bool OffloadKqv;

    [MarshalAs(UnmanagedType.U1)]
    public bool NoPerf;

    [MarshalAs(UnmanagedType.U1)]
    public bool OpOffload;

    [MarshalAs(UnmanagedType.U1)]
    public bool SwaFull;

    [MarshalAs(UnmanagedType.U1)]
    public bool KvUnified;

    public nint Samplers;
    public nuint NSamplers;
    public nint CtxOther;
}
