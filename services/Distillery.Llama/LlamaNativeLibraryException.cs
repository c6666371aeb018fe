namespace Distillery.Llama;

/// <summary>
/// The llama.cpp libraries are not where the configuration says: the message names the folder
/// and what was looked for in it, and how to set it (<c>Distillery:Native:Path</c>,
/// <c>DISTILLERY_NATIVE_DIR</c>, <c>make native</c>).
/// </summary>
public sealed class LlamaNativeLibraryException : DllNotFoundException
{
    public LlamaNativeLibraryException(string message)
        : base(message)
    {
    }

    public LlamaNativeLibraryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlamaNativeLibraryException()
    {
    }

    /// <summary>The folder that was searched, when known.</summary>
    public string? Directory { get; init; }
}
