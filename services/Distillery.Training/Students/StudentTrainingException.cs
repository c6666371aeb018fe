namespace Distillery.Training.Students;

/// <summary>A student spec or training data a student cannot learn from; the message names the student or task and the problem.</summary>
public sealed class StudentTrainingException : Exception
{
    public StudentTrainingException(string message)
        : base(message)
    {
    }

    public StudentTrainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StudentTrainingException()
    {
    }

    /// <summary>The student setting at fault (<c>C</c>, <c>max_length</c>), when one is: what an API names as the field.</summary>
    public string? Setting { get; init; }
}
