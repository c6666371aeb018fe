namespace Distillery.Inference.Models;

/// <summary>The model is configured but not loaded yet, or its loading failed (gRPC UNAVAILABLE, HTTP 503): try again or another replica.</summary>
public sealed class ModelNotLoadedException : Exception
{
    public ModelNotLoadedException(string message)
        : base(message)
    {
    }

    public ModelNotLoadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelNotLoadedException()
    {
    }
}
