namespace Distillery.Llama;

/// <summary>llama.cpp could not load a model file; the message names the file and carries llama.cpp's reason.</summary>
public sealed class LlamaModelLoadException : LlamaException
{
    public LlamaModelLoadException(string message)
        : base(message)
    {
    }

    public LlamaModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlamaModelLoadException()
    {
    }

    /// <summary>The model file.</summary>
    public string? Path { get; init; }
}
