using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary><c>struct llama_model_params</c> (include/llama.h).</summary>
[NativeStruct("llama_model_params")]
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    public nint Devices;
    public nint TensorBuftOverrides;
    public int NGpuLayers;
    public int SplitMode;
    public int LoadMode;
    public int LazyMode;
    public int MainGpu;
    public nint TensorSplit;

    /// <summary><c>bool (*)(float progress, void * user_data)</c>; returning false aborts the load.</summary>
    public nint ProgressCallback;
    public nint ProgressCallbackUserData;
    public nint KvOverrides;

    [MarshalAs(UnmanagedType.U1)]
    public bool VocabOnly;

    [MarshalAs(UnmanagedType.U1)]
    public bool CheckTensors;

    [MarshalAs(UnmanagedType.U1)]
    public bool UseExtraBufts;

    [MarshalAs(UnmanagedType.U1)]
    public bool NoHost;

    [MarshalAs(UnmanagedType.U1)]
    public bool NoAlloc;

    [MarshalAs(UnmanagedType.U1)]
    public bool LoadMtp;
}
