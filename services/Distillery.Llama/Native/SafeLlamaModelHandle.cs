using Microsoft.Win32.SafeHandles;

namespace Distillery.Llama.Native;

/// <summary>A <c>llama_model *</c>, freed with <c>llama_model_free</c>.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaModelHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        ModelImports.llama_model_free(handle);
        return true;
    }
}
