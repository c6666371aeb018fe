using System.Text.RegularExpressions;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// How the OpenTelemetry Collector's Prometheus exporter (0.111, add_metric_suffixes: true; the
/// translator in pkg/translator/prometheus, normalize_name.go) names an OTLP metric, and which
/// metric names a PromQL expression reads.
/// </summary>
internal static partial class PrometheusNames
{
    private static readonly Dictionary<string, string> UnitWords = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["1"] = string.Empty,
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnitWords = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan", "atan2",
    };

    /// <summary>The series names Prometheus holds for one instrument (a histogram has three).</summary>
    public static IReadOnlyList<string> SeriesNames(Instrument instrument)
    {
        var tokens = Tokens(instrument.Name);
        var unit = instrument.Unit.Split('/', 2);
        var main = unit[0].Trim();
        if (main.Length > 0 && !main.Contains('{', StringComparison.Ordinal) && !main.Contains('}', StringComparison.Ordinal))
        {
            var word = string.Join('_', Tokens(UnitWords.GetValueOrDefault(main, main)));
            if (word.Length > 0 && !tokens.Contains(word))
            {
                tokens.Add(word);
            }
        }

        if (unit.Length > 1 && unit[1].Trim() is { Length: > 0 } per && !per.Contains('{', StringComparison.Ordinal))
        {
            var word = string.Join('_', Tokens(PerUnitWords.GetValueOrDefault(per, per)));
            if (word.Length > 0 && !tokens.Contains(word))
            {
                tokens.Add("per");
                tokens.Add(word);
            }
        }

        if (instrument.Kind == "counter")
        {
            tokens.Remove("total");
            tokens.Add("total");
        }

        if (instrument.Unit == "1" && instrument.Kind == "gauge")
        {
            tokens.Remove("ratio");
            tokens.Add("ratio");
        }

        var name = string.Join('_', tokens);
        if (char.IsDigit(name[0]))
        {
            name = "_" + name;
        }

        return instrument.Kind == "histogram" ? [name + "_bucket", name + "_sum", name + "_count"] : [name];
    }

    /// <summary>The metric names a PromQL expression selects (not functions, keywords, labels or durations).</summary>
    public static IReadOnlySet<string> MetricsIn(string expression)
    {
        var text = QuotedString().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var after = text[(match.Index + match.Length)..].TrimStart();
            if (after.StartsWith('(') || Keywords.Contains(match.Value.ToLowerInvariant()))
            {
                continue;
            }

            names.Add(match.Value);
        }

        return names;
    }

    private static List<string> Tokens(string text) =>
        Regex.Split(text, "[^\\p{L}\\p{Nd}]+").Where(token => token.Length > 0).ToList();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
