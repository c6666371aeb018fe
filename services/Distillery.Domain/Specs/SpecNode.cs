using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Distillery.Domain.Specs;

/// <summary>
/// One node of a YAML spec with its position, and typed accessors whose errors point at the
/// offending line and column. Services read their own settings (a teacher's, a student's)
/// through the same accessors, so every spec error looks alike.
/// </summary>
public sealed class SpecNode
{
    private readonly YamlNode _node;

    internal SpecNode(YamlNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
    }

    /// <summary>The spec file this node came from.</summary>
    public string File { get; }

    /// <summary>Where in the document, e.g. <c>codebook.labels[1].name</c>.</summary>
    public string Path { get; }

    public SourceLocation Location => new(File, (int)_node.Start.Line, (int)_node.Start.Column);

    public bool IsMapping => _node is YamlMappingNode;

    public bool IsSequence => _node is YamlSequenceNode;

    public SpecException Error(string problem) => new(Location, problem, Path);

    /// <summary>The keys of a mapping, in document order.</summary>
    public IEnumerable<string> Keys => Mapping().Children.Keys.Select(key => ((YamlScalarNode)key).Value ?? string.Empty);

    public bool Has(string key) => Mapping().Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>Rejects keys this spec does not know, so a misspelt key is an error rather than silently ignored.</summary>
    public SpecNode AllowOnly(params string[] keys)
    {
        foreach (var (key, _) in Mapping().Children)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (!keys.Contains(name, StringComparer.Ordinal))
            {
                throw new SpecException(
                    new SourceLocation(File, (int)key.Start.Line, (int)key.Start.Column),
                    $"unknown key '{name}' in {Describe()}; expected one of: {string.Join(", ", keys)}",
                    Path.Length == 0 ? name : $"{Path}.{name}");
            }
        }

        return this;
    }

    public SpecNode Required(string key) =>
        Optional(key) ?? throw new SpecException(Location, $"{Describe()} needs '{key}'", Path.Length == 0 ? key : $"{Path}.{key}");

    public SpecNode? Optional(string key) =>
        Mapping().Children.TryGetValue(new YamlScalarNode(key), out var child) && !IsNull(child)
            ? new SpecNode(child, File, Path.Length == 0 ? key : $"{Path}.{key}")
            : null;

    public IReadOnlyList<SpecNode> Items()
    {
        if (_node is not YamlSequenceNode sequence)
        {
            throw Error($"'{Path}' must be a list");
        }

        return [.. sequence.Children.Select((child, index) => new SpecNode(child, File, $"{Path}[{index}]"))];
    }

    public string Text()
    {
        if (_node is not YamlScalarNode { Value: { } value })
        {
            throw Error($"'{Path}' must be a single value, not a {(IsMapping ? "mapping" : "list")}");
        }

        return value;
    }

    public string NonEmptyText()
    {
        var value = Text();
        return string.IsNullOrWhiteSpace(value) ? throw Error($"'{Path}' must not be empty") : value;
    }

    public int WholeNumber(int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Text();
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"'{Path}' must be a whole number, not '{text}'");
        }

        return value < min || value > max ? throw Error($"'{Path}' must be between {min} and {max}, not {value}") : value;
    }

    public ulong Seed()
    {
        var text = Text();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"'{Path}' must be a non-negative whole number, not '{text}'");
    }

    public double Number(double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var text = Text();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error($"'{Path}' must be a number, not '{text}'");
        }

        return value < min || value > max ? throw Error($"'{Path}' must be between {min} and {max}, not {value}") : value;
    }

    public bool Flag()
    {
        var text = Text();
        return text.ToUpperInvariant() switch
        {
            "TRUE" or "YES" => true,
            "FALSE" or "NO" => false,
            _ => throw Error($"'{Path}' must be true or false, not '{text}'"),
        };
    }

    /// <summary>A copy of this mapping's scalar leaves as <c>key: value</c> (nested keys joined with '.').</summary>
    public IReadOnlyDictionary<string, string> Flatten()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Collect(this, prefix: string.Empty, result);
        return result;
    }

    private static void Collect(SpecNode node, string prefix, SortedDictionary<string, string> into)
    {
        foreach (var key in node.Keys)
        {
            var child = node.Optional(key);
            var name = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (child is null)
            {
                continue;
            }

            if (child.IsMapping)
            {
                Collect(child, name, into);
            }
            else if (child.IsSequence)
            {
                into[name] = string.Join(",", child.Items().Select(item => item.Text()));
            }
            else
            {
                into[name] = child.Text();
            }
        }
    }

    private YamlMappingNode Mapping() =>
        _node as YamlMappingNode ?? throw Error($"{Describe()} must be a mapping of keys to values");

    private string Describe() => Path.Length == 0 ? "the spec" : $"'{Path}'";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain };
}
