namespace Distillery.Llama;

/// <summary>A llama.cpp call failed; the message says which and, where llama.cpp logged one, why.</summary>
public class LlamaException : Exception
{
    public LlamaException(string message)
        : base(message)
    {
    }

    public LlamaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlamaException()
    {
    }
}
