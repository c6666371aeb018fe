using Microsoft.Win32.SafeHandles;

namespace Distillery.Llama.Native;

/// <summary>A <c>gguf_context *</c>, freed with <c>gguf_free</c>.</summary>
internal sealed class SafeGgufContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeGgufContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        GgufImports.gguf_free(handle);
        return true;
    }
}
