namespace Distillery.Training.Persistence;

/// <summary>Bytes that are not a complete, intact student model of a supported version.</summary>
public sealed class StudentModelFormatException : Exception
{
    public StudentModelFormatException(string message)
        : base(message)
    {
    }

    public StudentModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StudentModelFormatException()
    {
    }
}
