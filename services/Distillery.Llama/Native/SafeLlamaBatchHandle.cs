using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Distillery.Llama.Native;

/// <summary>
/// A <c>llama_batch</c> from <c>llama_batch_init</c>. The batch is a struct of array pointers
/// rather than one pointer, so the handle owns a small native copy of that struct and frees the
/// arrays (<c>llama_batch_free</c>) and the copy together.
/// </summary>
internal sealed unsafe class SafeLlamaBatchHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaBatchHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>The batch struct; its <see cref="LlamaBatchNative.NTokens"/> is the caller's to set before each decode.</summary>
    internal LlamaBatchNative* Batch => (LlamaBatchNative*)handle;

    internal static SafeLlamaBatchHandle Allocate(int capacity, int maxSequencesPerToken)
    {
        var result = new SafeLlamaBatchHandle();
        var batch = (LlamaBatchNative*)NativeMemory.AllocZeroed((nuint)sizeof(LlamaBatchNative));
        *batch = BatchImports.llama_batch_init(capacity, 0, maxSequencesPerToken);
        result.SetHandle((nint)batch);
        return result;
    }

    protected override bool ReleaseHandle()
    {
        var batch = (LlamaBatchNative*)handle;
        BatchImports.llama_batch_free(*batch);
        NativeMemory.Free(batch);
        return true;
    }
}
