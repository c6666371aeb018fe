using System.Text;
using Distillery.Domain.Tasks;

namespace Distillery.Domain.Data;

/// <summary>Located rows of a CSV or JSONL file, for other files than corpora (replayed labels, say), with the same error reporting.</summary>
public static class DataRecords
{
    public static IReadOnlyList<SourceRecord> Read(string path, DataFormat format, IReadOnlyCollection<string> requiredColumns)
    {
        if (!File.Exists(path))
        {
            throw new DataException($"data file '{path}' does not exist");
        }

        using var text = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        return format == DataFormat.Csv
            ? [.. CsvRecordReader.Read(path, text, requiredColumns)]
            : [.. JsonlRecordReader.Read(path, text)];
    }

    public static DataFormat FormatOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".CSV" => DataFormat.Csv,
        _ => DataFormat.Jsonl,
    };
}
