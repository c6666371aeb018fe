using System.Globalization;
using Distillery.Training.Students;

namespace Distillery.Training.Service;

/// <summary>
/// A student's settings as text (from the job spec), read by name with errors that name the
/// student and the setting; any setting left unread is reported as unknown.
/// </summary>
public sealed class StudentSettings(string student, IReadOnlyDictionary<string, string> values)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>The student's name in the spec, for error messages.</summary>
    public string Student => student;

    public string? Text(string name)
    {
        _read.Add(name);
        return values.TryGetValue(name, out var value) ? value.Trim() : null;
    }

    /// <summary>One of <paramref name="allowed"/> (exactly as spelt there), or null when the setting is absent.</summary>
    public string? Choice(string name, IReadOnlyCollection<string> allowed) =>
        Text(name) is not { } text ? null
        : allowed.Contains(text) ? text
        : throw Error(name, $"must be one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}, not '{text}'");

    public double? Number(string name, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(name, $"must be a number between {min} and {max}, not '{text}'");
    }

    public int? WholeNumber(string name, int min, int max) =>
        Number(name, min, max) is { } value
            ? value % 1 == 0 ? (int)value : throw Error(name, $"must be a whole number, not {value}")
            : null;

    public bool? Flag(string name) => Text(name)?.ToUpperInvariant() switch
    {
        null => null,
        "TRUE" or "YES" => true,
        "FALSE" or "NO" => false,
        var other => throw Error(name, $"must be true or false, not '{other}'"),
    };

    public IReadOnlyList<double>? Numbers(string name, double min) =>
        Text(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min
                ? value
                : throw Error(name, $"must be a comma-separated list of numbers >= {min}, not '{part}'"))
            .ToList();

    public ClassWeight? ClassWeight(string name) => Text(name)?.ToUpperInvariant() switch
    {
        null => null,
        "NONE" => Students.ClassWeight.None,
        "BALANCED" => Students.ClassWeight.Balanced,
        var other => throw Error(name, $"must be 'none' or 'balanced', not '{other.ToLowerInvariant()}'"),
    };

    /// <summary>Fails on any setting the student did not read: a misspelt setting must not be silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = values.Keys.Where(key => !_read.Contains(key)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new StudentTrainingException(
                $"student '{student}': unknown setting{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(u => $"'{u}'"))} (known: {string.Join(", ", _read.Order(StringComparer.Ordinal))})")
            {
                Setting = unknown[0],
            };
        }
    }

    private StudentTrainingException Error(string name, string problem) => new($"student '{student}': setting '{name}' {problem}") { Setting = name };
}
