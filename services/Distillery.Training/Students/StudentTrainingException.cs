namespace Distillery.Training.Students;

/// <summary>Training data a student cannot learn from; the message names the task and the problem.</summary>
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
}
