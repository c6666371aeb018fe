using Microsoft.Extensions.Configuration;

namespace Distillery.Llama;

/// <summary>
/// <c>Distillery:Native</c>: where the llama.cpp libraries are. The folder is, in order,
/// <see cref="Path"/> (<c>Distillery:Native:Path</c>), the environment variable
/// <c>DISTILLERY_NATIVE_DIR</c>, or <c>native/linux-x64</c> beside the application, where the
/// build copies the CPU libraries. A GPU image points it at the CUDA build's folder.
/// </summary>
public sealed class LlamaNativeOptions
{
    public const string Section = "Distillery:Native";
    public const string DirectoryVariable = "DISTILLERY_NATIVE_DIR";

    /// <summary>The folder holding libllama, libggml and the ggml backends; empty for the default.</summary>
    public string? Path { get; set; }

    /// <summary>The folder beside the application the build copies the CPU libraries into.</summary>
    public static string DefaultDirectory => System.IO.Path.Combine(AppContext.BaseDirectory, "native", "linux-x64");

    public static LlamaNativeOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new LlamaNativeOptions { Path = configuration[$"{Section}:{nameof(Path)}"] };
    }

    /// <summary>The absolute folder these options name (see the type's summary for the order).</summary>
    public string ResolveDirectory()
    {
        var chosen = !string.IsNullOrWhiteSpace(Path) ? Path
            : Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : DefaultDirectory;
        return System.IO.Path.GetFullPath(chosen);
    }
}
