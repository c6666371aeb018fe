using TorchSharp;

namespace Distillery.Training.Students.Finetune;

/// <summary>
/// The constant scalars the fine-tuning path passes to libtorch, created once for the process.
/// TorchSharp turns a C# number into a native <see cref="Scalar"/> implicitly and passes only its
/// handle on: nothing keeps that temporary alive during the native call, so a collection could
/// finalise (delete) it while libtorch still read it. The 14-task pretrained example failed so in
/// <c>masked_fill</c> ("Scalar::toFloat ... Expected false to be true"). Scalars that vary are held
/// by the caller instead (<c>using var s = x.ToScalar()</c>) until the call has returned.
/// </summary>
internal static class HeldScalars
{
    public static readonly Scalar Zero = 0L.ToScalar();

    public static readonly Scalar One = 1L.ToScalar();

    /// <summary>The attention score of a padded key: softmax gives it no weight.</summary>
    public static readonly Scalar MaskedScore = float.MinValue.ToScalar();

    /// <summary>The least token count mean pooling divides by (a row of padding only).</summary>
    public static readonly Scalar PoolingFloor = 1e-9.ToScalar();
}
