namespace Distillery.Training.Encoders;

/// <summary>An encoder's files are missing, damaged or of the wrong shape; the message names the encoder and the file.</summary>
public sealed class EncoderFilesException : Exception
{
    public EncoderFilesException()
    {
    }

    public EncoderFilesException(string message)
        : base(message)
    {
    }

    public EncoderFilesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
