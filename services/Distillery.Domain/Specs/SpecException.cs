namespace Distillery.Domain.Specs;

/// <summary>A task or job spec that cannot be used; the message starts with <c>file:line:column</c>.</summary>
public sealed class SpecException : Exception
{
    public SpecException(SourceLocation location, string problem, string? path = null)
        : base($"{location}: {problem}")
    {
        Location = location;
        Problem = problem;
        Path = path;
    }

    public SpecException(string message)
        : base(message)
    {
        Problem = message;
    }

    public SpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    public SpecException()
    {
        Problem = string.Empty;
    }

    public SourceLocation? Location { get; }

    /// <summary>The problem without its location.</summary>
    public string Problem { get; }

    /// <summary>
    /// Where in the spec the problem is, as keys (<c>settings.flip_rate</c>, <c>labels[1].name</c>),
    /// when known: what an API names as the field where a file would name a line.
    /// </summary>
    public string? Path { get; }
}
