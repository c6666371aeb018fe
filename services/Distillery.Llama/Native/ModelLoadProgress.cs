using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>
/// The state behind <c>llama_model_params.progress_callback</c> for one load: reports progress
/// and tells llama.cpp to stop (by returning false) once the load is cancelled or the progress
/// sink threw, whose exception is kept to be rethrown on the loading thread.
/// </summary>
internal sealed class ModelLoadProgress(IProgress<float>? progress, CancellationToken cancellationToken)
{
    public Exception? Failure { get; private set; }

    public bool Report(float value)
    {
        if (Failure is not null || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            progress?.Report(value);
        }
        catch (Exception e)
        {
            Failure = e;
            return false;
        }

        return !cancellationToken.IsCancellationRequested;
    }

    /// <summary>The callback itself: <paramref name="userData"/> is a <see cref="GCHandle"/> to the state.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static bool OnProgress(float value, nint userData) =>
        GCHandle.FromIntPtr(userData).Target is ModelLoadProgress state && state.Report(value);
}
