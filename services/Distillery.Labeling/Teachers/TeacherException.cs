namespace Distillery.Labeling.Teachers;

/// <summary>A teacher that cannot label what it was asked to (a replay file lacking an id, bad settings); the message names the problem.</summary>
public sealed class TeacherException : Exception
{
    public TeacherException(string message)
        : base(message)
    {
    }

    public TeacherException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TeacherException()
    {
    }
}
