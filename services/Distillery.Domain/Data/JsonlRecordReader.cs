using System.Globalization;
using System.Text;
using System.Text.Json;
using Distillery.Domain.Specs;

namespace Distillery.Domain.Data;

/// <summary>Reads JSON Lines (one object per line, UTF-8 with or without BOM) into located records.</summary>
internal static class JsonlRecordReader
{
    public static IEnumerable<SourceRecord> Read(string path, TextReader text)
    {
        var lineNumber = 0;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(path, lineNumber, line);
        }
    }

    private static SourceRecord Parse(string path, int lineNumber, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var fields = new Dictionary<string, SourceField>(StringComparer.Ordinal);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(path, lineNumber, bytes, 0, "each line must be a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                string? value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => reader.TryGetInt64(out var whole)
                        ? whole.ToString(CultureInfo.InvariantCulture)
                        : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    JsonTokenType.Null => null,
                    _ => throw Error(path, lineNumber, bytes, start, $"field '{name}' must be a string, number, boolean or null"),
                };
                if (!fields.TryAdd(name, new SourceField(value, Column(bytes, start))))
                {
                    throw Error(path, lineNumber, bytes, start, $"field '{name}' appears twice");
                }
            }

            if (reader.Read())
            {
                throw Error(path, lineNumber, bytes, (int)reader.TokenStartIndex, "unexpected content after the JSON object");
            }
        }
        catch (JsonException e)
        {
            var column = (int)(e.BytePositionInLine ?? 0);
            throw Error(path, lineNumber, bytes, Math.Min(column, bytes.Length), $"invalid JSON: {FirstSentence(e.Message)}");
        }

        return new SourceRecord(lineNumber, fields);
    }

    /// <summary>1-based character column of a UTF-8 byte offset.</summary>
    private static int Column(byte[] line, int byteOffset) => Encoding.UTF8.GetCharCount(line, 0, byteOffset) + 1;

    private static DataException Error(string path, int line, byte[] bytes, int byteOffset, string problem) =>
        new([new DataError(new SourceLocation(path, line, Column(bytes, byteOffset)), problem)]);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
