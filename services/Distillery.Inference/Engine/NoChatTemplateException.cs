namespace Distillery.Inference.Engine;

/// <summary>A chat was asked of a model that has no chat template and none configured (gRPC FAILED_PRECONDITION).</summary>
public sealed class NoChatTemplateException : Exception
{
    public NoChatTemplateException(string message)
        : base(message)
    {
    }

    public NoChatTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NoChatTemplateException()
    {
    }
}
