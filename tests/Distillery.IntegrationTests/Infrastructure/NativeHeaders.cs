namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>
/// The C headers of the llama.cpp build the tests load, unpacked by
/// <c>scripts/fetch-native.sh headers</c> (<c>make native</c>, <c>make deps</c>) into
/// <c>native/include</c>; <c>DISTILLERY_NATIVE_INCLUDE</c> overrides the folder.
/// </summary>
internal static class NativeHeaders
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("DISTILLERY_NATIVE_INCLUDE") is { Length: > 0 } custom
            ? custom
            : Path.Combine(RepositoryFiles.Root, "native", "include");

    internal static string? SkipReason() =>
        File.Exists(Path.Combine(Directory, "llama.h")) || TestServers.InCi
            ? null
            : $"llama.cpp headers not unpacked into {Directory}: run `make native` (or scripts/fetch-native.sh headers)";
}

/// <summary>A fact that compiles against the llama.cpp headers: skipped locally without them, failing in CI without them.</summary>
public sealed class NativeHeadersFactAttribute : FactAttribute
{
    public NativeHeadersFactAttribute() => Skip = NativeHeaders.SkipReason();
}
