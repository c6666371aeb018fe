using System.Runtime.InteropServices;

namespace Distillery.Training.Students.Finetune;

/// <summary>
/// Gives the memory libtorch has freed back to the operating system. glibc's malloc keeps freed
/// blocks in its arenas (one per thread that allocated), so after a fit the process's RSS stayed
/// near its peak, and each later fit or prediction on another thread grew it further: the
/// 14-task pretrained example reached 20 GiB. <c>malloc_trim(0)</c> releases the free pages of
/// every arena. A no-op where glibc is not the C library (macOS, Windows, musl).
/// </summary>
internal static class NativeHeap
{
    private static int _unavailable;

    /// <summary>Returns free malloc memory to the system; cheap when there is little to give back.</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _unavailable) != 0)
        {
            return;
        }

        try
        {
            _ = malloc_trim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no malloc_trim: nothing to do, and nothing to try again.
            Volatile.Write(ref _unavailable, 1);
        }
    }

    [DllImport("libc.so.6", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int malloc_trim(nuint pad);
}
