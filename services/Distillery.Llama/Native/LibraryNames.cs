namespace Distillery.Llama.Native;

/// <summary>
/// The names the <c>[LibraryImport]</c> declarations use. They are not file names:
/// <see cref="NativeLibraryResolver"/> maps each to the file of the build in the configured
/// folder (the CPU and CUDA builds name their files differently).
/// </summary>
internal static class LibraryNames
{
    /// <summary>libllama: models, contexts, vocabularies, samplers.</summary>
    public const string Llama = "llama";

    /// <summary>libggml: backend registry and loading of the per-CPU / CUDA backends.</summary>
    public const string Ggml = "ggml";

    /// <summary>libggml-base: tensors, GGUF reading and writing, logging.</summary>
    public const string GgmlBase = "ggml-base";
}
