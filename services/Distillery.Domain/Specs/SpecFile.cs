using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Distillery.Domain.Specs;

/// <summary>Reads a YAML spec file into a <see cref="SpecNode"/> tree, turning syntax errors into located <see cref="SpecException"/>s.</summary>
public static class SpecFile
{
    public static SpecNode Load(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"{path}: cannot read the spec: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static SpecNode Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SpecException(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), $"invalid YAML: {Innermost(e).Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw new SpecException(new SourceLocation(file, 1, 1), $"expected one YAML document, found {stream.Documents.Count}");
        }

        var root = new SpecNode(stream.Documents[0].RootNode, file, string.Empty);
        return root.IsMapping ? root : throw root.Error("the spec must be a mapping of keys to values");
    }

    /// <summary>
    /// The inverse of <see cref="SpecNode.Flatten"/>: settings sent between services as flat
    /// <c>key: value</c> text (nested keys joined with '.') as a spec again, so that the service
    /// that receives them validates them with the same code as the job file.
    /// </summary>
    public static SpecNode FromSettings(IReadOnlyDictionary<string, string> settings, string file)
    {
        var root = new YamlMappingNode();
        foreach (var (key, value) in settings.OrderBy(setting => setting.Key, StringComparer.Ordinal))
        {
            var parts = key.Split('.');
            var mapping = root;
            foreach (var part in parts[..^1])
            {
                if (!mapping.Children.TryGetValue(new YamlScalarNode(part), out var child) || child is not YamlMappingNode nested)
                {
                    nested = new YamlMappingNode();
                    mapping.Children[new YamlScalarNode(part)] = nested;
                }

                mapping = nested;
            }

            mapping.Children[new YamlScalarNode(parts[^1])] = new YamlScalarNode(value);
        }

        return new SpecNode(root, file, string.Empty);
    }

    private static Exception Innermost(Exception e) => e.InnerException is YamlException inner ? Innermost(inner) : e;
}
