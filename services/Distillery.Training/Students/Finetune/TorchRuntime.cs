using static TorchSharp.torch;

namespace Distillery.Training.Students.Finetune;

/// <summary>
/// libtorch for this process: loaded on first use, with a load failure turned into an error that
/// names the real cause; the device (CUDA when the process has a CUDA build of libtorch and a GPU,
/// else CPU); and the thread count.
/// </summary>
internal static class TorchRuntime
{
    private static readonly Lazy<Device> Selected = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>One fine-tune or prediction at a time: the seed and the thread count are process-wide in libtorch.</summary>
    public static SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The device to train and predict on, loading libtorch first; the same for the whole process.</summary>
    public static Device Device => Selected.Value;

    /// <summary>
    /// Sets libtorch's intra-op threads for the work about to run on this thread (0: libtorch's
    /// default, one per core). Set before every fit and prediction, never skipped: with OpenMP
    /// the count is kept per calling thread, and an async continuation may run on another one.
    /// </summary>
    public static void UseThreads(int threads)
    {
        _ = Device;
        set_num_threads(threads > 0 ? threads : DefaultThreads);
    }

    private static int DefaultThreads { get; set; } = 1;

    private static Device Load()
    {
        try
        {
            var device = cuda.is_available() ? CUDA : CPU;
            DefaultThreads = get_num_threads();
            return device;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or NotSupportedException)
        {
            throw new StudentTrainingException(
                "libtorch could not be loaded, so the 'finetune' student cannot run: TorchSharp's native library libLibTorchSharp.so " +
                "requires GLIBCXX_3.4.32 (a libstdc++ newer than Debian 12's 3.4.30) unless the build marked that requirement weak, " +
                "or the libtorch package (libtorch-cpu-linux-x64) is missing from the application folder. Build or publish with " +
                "this repository's Directory.Build.targets (target WeakenLibTorchSharpGlibcxx) so the copied libLibTorchSharp.so is " +
                $"patched, or run on a system with a newer libstdc++. The loader said: {Innermost(e).Message}",
                e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
