namespace Distillery.Llama;

/// <summary>
/// <c>llama_decode</c> returned non-zero. <see cref="Status"/> is its code: 1 means no room in
/// the KV cache for the batch (free sequences or use a larger context), 2 aborted, -1 an
/// invalid batch, below -1 a fatal error.
/// </summary>
public sealed class LlamaDecodeException : LlamaException
{
    public LlamaDecodeException(string message)
        : base(message)
    {
    }

    public LlamaDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlamaDecodeException()
    {
    }

    public int Status { get; init; }

    /// <summary>True when the cache had no room: the batch may succeed once sequences are removed.</summary>
    public bool IsCacheFull => Status == 1;
}
