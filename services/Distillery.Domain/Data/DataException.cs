namespace Distillery.Domain.Data;

/// <summary>
/// A data file that cannot be used. Lists the first problems found (each as
/// <c>file:line:column: problem</c>) so several can be fixed in one go.
/// </summary>
public sealed class DataException : Exception
{
    private const int Shown = 10;

    public DataException(IReadOnlyList<DataError> errors)
        : base(Describe(errors)) => Errors = errors;

    public DataException(string message)
        : base(message) => Errors = [];

    public DataException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    public DataException()
        : this("the data cannot be used")
    {
    }

    public IReadOnlyList<DataError> Errors { get; }

    private static string Describe(IReadOnlyList<DataError> errors)
    {
        var lines = errors.Take(Shown).Select(error => error.ToString()).ToList();
        if (errors.Count > Shown)
        {
            lines.Add($"... and {errors.Count - Shown} more problems");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
