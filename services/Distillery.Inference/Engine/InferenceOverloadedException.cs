namespace Distillery.Inference.Engine;

/// <summary>
/// The engine cannot take the work now: its queue is full, or its KV cache has no room left for
/// the sequences of a step. Retrying later can succeed; gRPC answers it with RESOURCE_EXHAUSTED,
/// the OpenAI endpoint with HTTP 429.
/// </summary>
public sealed class InferenceOverloadedException : Exception
{
    public InferenceOverloadedException(string message)
        : base(message)
    {
    }

    public InferenceOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InferenceOverloadedException()
    {
    }
}
