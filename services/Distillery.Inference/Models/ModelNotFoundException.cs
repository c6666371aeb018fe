namespace Distillery.Inference.Models;

/// <summary>No model of that name is configured (gRPC NOT_FOUND, HTTP 404).</summary>
public sealed class ModelNotFoundException : Exception
{
    public ModelNotFoundException(string message)
        : base(message)
    {
    }

    public ModelNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelNotFoundException()
    {
    }
}
