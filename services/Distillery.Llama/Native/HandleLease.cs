using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>
/// A reference held on a handle while a raw pointer derived from it (a vocabulary, a context's
/// memory) is in use, so a concurrent Dispose defers the free until the call returns instead of
/// freeing memory under it. Throws <see cref="ObjectDisposedException"/> on a closed handle.
/// </summary>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle _handle;

    public HandleLease(SafeHandle handle)
    {
        _handle = handle;
        var added = false;
        handle.DangerousAddRef(ref added);
    }

    public void Dispose() => _handle.DangerousRelease();
}
