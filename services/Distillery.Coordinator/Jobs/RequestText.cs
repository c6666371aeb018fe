using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Distillery.Coordinator.Jobs;

/// <summary>
/// The strings of a request, checked before anything is stored. Names, ids, labels, settings
/// and every other short string may hold no control character (PostgreSQL text cannot hold
/// U+0000; the others hide in logs and terminals). Prose (document texts, instructions,
/// definitions, example texts, descriptions) may hold tabs, line breaks and the like, but not
/// U+0000, except in a document's text, whose NUL characters are stored as U+FFFD.
/// </summary>
internal static class RequestText
{
    private static readonly HashSet<string> Prose = new(StringComparer.Ordinal)
    {
        "distillery.v1.Document.text",
        "distillery.v1.Codebook.instructions",
        "distillery.v1.LabelDefinition.definition",
        "distillery.v1.FewShotExample.text",
        "distillery.v1.TaskSpec.description",
    };

    private const string DocumentText = "distillery.v1.Document.text";

    /// <summary>The path (<c>spec.tasks[0].documents[3].id</c>) and problem of the first string that breaks the rules, or null.</summary>
    public static (string Field, string Problem)? FirstProblem(IMessage message, string path)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var at = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            var problem = field switch
            {
                { IsMap: true } => MapProblem((IDictionary)value, at, field),
                { IsRepeated: true } => ((IList)value).Cast<object>().Select((item, i) => ValueProblem(item, $"{at}[{i}]", field)).FirstOrDefault(found => found is not null),
                _ => ValueProblem(value, at, field),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static (string, string)? MapProblem(IDictionary map, string at, FieldDescriptor field)
    {
        var valueField = field.MessageType.FindFieldByNumber(2);
        foreach (DictionaryEntry entry in map)
        {
            if (entry.Key is string key && Control(key, allowProse: false) is { } inKey)
            {
                return (at, $"a key holds the control character {inKey}");
            }

            if (ValueProblem(entry.Value, $"{at}.{entry.Key}", valueField) is { } inValue)
            {
                return inValue;
            }
        }

        return null;
    }

    private static (string, string)? ValueProblem(object? value, string at, FieldDescriptor field) => value switch
    {
        IMessage nested => FirstProblem(nested, at),
        string text when field.FullName == DocumentText => null,
        string text when Control(text, allowProse: Prose.Contains(field.FullName)) is { } character => (at, $"holds the control character {character}; names, ids and labels may hold none"),
        _ => null,
    };

    /// <summary>The first forbidden character as U+XXXX, or null.</summary>
    private static string? Control(string text, bool allowProse)
    {
        foreach (var character in text)
        {
            if (char.IsControl(character) && (!allowProse || character == '\0'))
            {
                return $"U+{(int)character:X4}";
            }
        }

        return null;
    }
}
