namespace Distillery.Domain.Splits;

/// <summary>Splits that the data cannot fill; the message names the split, what it needs and what there is.</summary>
public sealed class SplitException : Exception
{
    public SplitException(string message)
        : base(message)
    {
    }

    public SplitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SplitException()
    {
    }
}
