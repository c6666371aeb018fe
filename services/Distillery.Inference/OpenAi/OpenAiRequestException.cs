namespace Distillery.Inference.OpenAi;

/// <summary>A chat-completions request the endpoint cannot honour: HTTP 400 with OpenAI's error body naming the parameter.</summary>
public sealed class OpenAiRequestException : Exception
{
    public OpenAiRequestException(string message, string? parameter)
        : base(message) => Parameter = parameter;

    public OpenAiRequestException(string message)
        : base(message)
    {
    }

    public OpenAiRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OpenAiRequestException()
    {
    }

    public string? Parameter { get; }
}
