using Microsoft.Win32.SafeHandles;

namespace Distillery.Llama.Native;

/// <summary>A <c>ggml_context *</c> (a memory pool of tensors), freed with <c>ggml_free</c>.</summary>
internal sealed class SafeGgmlContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeGgmlContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        GgmlImports.ggml_free(handle);
        return true;
    }
}
