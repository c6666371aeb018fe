using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Distillery.Llama.Native;

/// <summary>
/// A native handle that points into another one's memory (a context uses its model's weights, a
/// grammar sampler its model's vocabulary). It holds a reference on that owner until it is freed
/// itself, so disposing or finalising the owner first cannot leave it dangling.
/// </summary>
internal abstract class DependentSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private SafeHandle? _owner;

    protected DependentSafeHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Keeps <paramref name="owner"/> alive until this handle is released; once only.</summary>
    internal void DependOn(SafeHandle owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (_owner is not null)
        {
            throw new InvalidOperationException("this handle already depends on an owner");
        }

        var added = false;
        owner.DangerousAddRef(ref added);
        _owner = owner;
    }

    protected abstract void Free(nint handle);

    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        _owner?.DangerousRelease();
        _owner = null;
        return true;
    }
}
