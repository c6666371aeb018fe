using System.Text;
using Distillery.Domain.Tasks;

namespace Distillery.Domain.Data;

/// <summary>
/// Located rows of a CSV or JSONL file, for other files than corpora (replayed labels, texts to
/// classify), with the same error reporting. <see cref="Stream(TextReader, string, DataFormat, IReadOnlyCollection{string})"/>
/// reads one row at a time, so a file of any size passes in flat memory; a malformed row throws
/// a <see cref="DataException"/> naming its <c>file:line:column</c> when it is reached, after the rows before it.
/// </summary>
public static class DataRecords
{
    /// <summary>Every row at once (small files: labels to replay).</summary>
    public static IReadOnlyList<SourceRecord> Read(string path, DataFormat format, IReadOnlyCollection<string> requiredColumns)
    {
        if (!File.Exists(path))
        {
            throw new DataException($"data file '{path}' does not exist");
        }

        using var text = OpenText(path);
        return [.. Stream(text, path, format, requiredColumns)];
    }

    /// <summary>The rows as they are read from <paramref name="text"/>; <paramref name="path"/> names the file in errors.</summary>
    public static IEnumerable<SourceRecord> Stream(TextReader text, string path, DataFormat format, IReadOnlyCollection<string> requiredColumns) =>
        format == DataFormat.Csv
            ? CsvRecordReader.Read(path, text, requiredColumns)
            : JsonlRecordReader.Read(path, text);

    /// <summary>The file as strict UTF-8 (a mis-encoded byte is an error, not silently altered text), with or without BOM.</summary>
    public static StreamReader OpenText(string path) =>
        new(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);

    /// <summary>The same over an open stream (whose position tells how far the reading has come).</summary>
    public static StreamReader OpenText(Stream stream) =>
        new(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);

    public static DataFormat FormatOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".CSV" => DataFormat.Csv,
        _ => DataFormat.Jsonl,
    };
}
